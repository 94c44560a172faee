import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsCoreModule } from '../events/events-core.module';
import { IdentityModule } from '../identity/identity.module';
import { StationsModule } from '../stations/stations.module';
import { TelemetryStoreModule } from '../telemetry/telemetry-store.module';
import { CampaignEntity } from './campaign.entity';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { ProblemEventEntity } from './problem-event.entity';
import { ProblemListService } from './problem-list.service';
import { ProblemRemindersService } from './problem-reminders.service';
import { ProblemEntity } from './problem.entity';
import { ProblemsController } from './problems.controller';
import { ProblemsRepository } from './problems.repository';
import { ProblemsService } from './problems.service';
import { StationCheck } from './station-check';
import { WaterQualityEffectService } from './water-quality-effect.service';

/** Joint inspection problem lists (联动督察, SPEC §7): campaigns, problems, import/export, reminders. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CampaignEntity, ProblemEntity, ProblemEventEntity]),
    IdentityModule,
    EventsCoreModule,
    StationsModule,
    TelemetryStoreModule,
  ],
  controllers: [CampaignsController, ProblemsController],
  providers: [
    ProblemsRepository,
    CampaignsService,
    ProblemsService,
    ProblemListService,
    ProblemRemindersService,
    StationCheck,
    WaterQualityEffectService,
  ],
  exports: [CampaignsService, ProblemsService, ProblemRemindersService],
})
export class ProblemsModule {}
