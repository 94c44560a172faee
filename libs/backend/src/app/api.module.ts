import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { EventsModule } from '../events/events.module';
import { StationsModule } from '../stations/stations.module';
import { AuditModule, AuditHttpModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { DevicesApiModule } from '../devices/devices-api.module';
import { DeadLettersModule } from '../dead-letters/dead-letters.module';
import { TelemetryApiModule } from '../telemetry/telemetry-api.module';
import { ProblemsModule } from '../problems/problems.module';
import { ReplayModule } from '../replay/replay.module';
import { ConsoleModule } from '../console/console.module';

/**
 * Everything the HTTP API serves. Feature modules are added here (one folder each under libs/backend/src).
 */
@Module({
  imports: [
    StationsModule,
    IdentityModule,
    AssessmentModule,
    AuditModule,
    AuditHttpModule,
    DevicesApiModule,
    DeadLettersModule,
    TelemetryApiModule,
    ProblemsModule,
    CasesModule,
    EventsModule,
    ReplayModule,
    // last: serves the web console at / after every API route
    ConsoleModule,
  ],
})
export class ApiModule {}
