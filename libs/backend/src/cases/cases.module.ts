import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { AlertRulesService } from './alert-rules.service';
import { CasesCoreModule } from './cases-core.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** River chief cases with their HTTP API (/api/v1/cases, /api/v1/stations/{code}/alert-rules). */
@Module({
  imports: [CasesCoreModule, EventsModule, StationCatalogueModule],
  controllers: [CasesController],
  providers: [CasesService, AlertRulesService],
  exports: [CasesCoreModule, CasesService],
})
export class CasesModule {}
