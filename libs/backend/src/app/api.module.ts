import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';

/**
 * Everything the HTTP API serves. Feature modules are added here (one folder each under libs/backend/src).
 */
@Module({
  imports: [AssessmentModule],
})
export class ApiModule {}
