import { Module } from '@nestjs/common';

/**
 * Everything the HTTP API serves. Feature modules are added here (one folder each under libs/backend/src).
 */
@Module({
  imports: [],
})
export class ApiModule {}
