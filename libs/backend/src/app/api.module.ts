import { Module } from '@nestjs/common';
import { StationsModule } from '../stations/stations.module';
import { AuditModule, AuditHttpModule } from '../audit/audit.module';
import { IdentityModule } from '../identity/identity.module';
import { AssessmentModule } from '../assessment/assessment.module';

/**
 * Everything the HTTP API serves. Feature modules are added here (one folder each under libs/backend/src).
 */
@Module({
  imports: [StationsModule, IdentityModule, AssessmentModule, AuditModule, AuditHttpModule],
})
export class ApiModule {}
