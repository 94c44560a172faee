import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { LATEST_SAMPLE_SOURCE } from '../stations/latest-sample-source';
import { LatestSampleReader } from './latest-sample.reader';
import { ReadingsController } from './readings.controller';
import { ReadingsService } from './readings.service';

/** Readings API, manual samples, and the latest graded sample for the stations API. */
@Module({
  imports: [IngestionModule],
  controllers: [ReadingsController],
  providers: [
    ReadingsService,
    LatestSampleReader,
    { provide: LATEST_SAMPLE_SOURCE, useExisting: LatestSampleReader },
  ],
})
export class TelemetryApiModule {}
