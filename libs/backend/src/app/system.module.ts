import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { CoreModule } from '../core/core.module';
import { HealthModule } from '../health/health.module';
import { ApiModule } from './api.module';
import { IngestModule } from './ingest.module';

/** Which parts one process runs: `all` (the default single process), `api` or `ingest`. */
export type ProcessRole = 'all' | 'api' | 'ingest';

@Module({})
export class SystemModule {
  static forRole(role: ProcessRole, config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: SystemModule,
      imports: [
        CoreModule.forRoot(config, databaseUrl),
        HealthModule,
        ...(role === 'ingest' ? [] : [ApiModule]),
        ...(role === 'api' ? [] : [IngestModule]),
      ],
    };
  }
}
