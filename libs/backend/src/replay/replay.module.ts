import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { accessTokenFromQuery } from '../events/access-token-query.middleware';
import { StationDirectoryModule } from '../ingestion/station-directory.module';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { TelemetryStoreModule } from '../telemetry/telemetry-store.module';
import { ReplayReports } from './replay-reports.service';
import { ReplayRunner } from './replay-runner.service';
import { ReplayController } from './replay.controller';
import { ReplayRepository } from './replay.repository';
import { ReplayService } from './replay.service';
import { SandboxCases } from './sandbox-cases';

/**
 * Replay (SPEC §8, issue 10). Jobs run in the API process (ReplayRunner); several API processes share
 * the work safely: a job is claimed with FOR UPDATE SKIP LOCKED and held by a lease renewed at each
 * checkpoint. The case engine (CasesCoreModule) is global; the in-process broker is used when present.
 */
@Module({
  imports: [StationCatalogueModule, StationDirectoryModule, TelemetryStoreModule],
  controllers: [ReplayController],
  providers: [ReplayRepository, ReplayRunner, ReplayReports, ReplayService, SandboxCases],
  exports: [ReplayService],
})
export class ReplayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(accessTokenFromQuery)
      .forRoutes({ path: 'api/v1/replays/:id/events', method: RequestMethod.GET });
  }
}
