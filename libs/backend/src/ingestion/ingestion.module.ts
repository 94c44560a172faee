import { Module } from '@nestjs/common';
import { TelemetryStoreModule } from '../telemetry/telemetry-store.module';
import { CaseSinkFeeder } from './case-sink.feeder';
import { IngestMetrics } from './ingest-metrics';
import { IngestPipeline } from './ingest-pipeline.service';
import { IngestRepository } from './ingest.repository';
import { StationDirectoryModule } from './station-directory.module';

/**
 * The durable processing pipeline, independent of aedes: the broker bridge, an external-broker consumer
 * and the manual-sample route all feed `IngestPipeline.submit()`.
 */
@Module({
  imports: [TelemetryStoreModule, StationDirectoryModule],
  providers: [IngestRepository, IngestPipeline, IngestMetrics, CaseSinkFeeder],
  exports: [IngestPipeline, IngestMetrics, StationDirectoryModule, TelemetryStoreModule],
})
export class IngestionModule {}
