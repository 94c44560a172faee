import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion.module';
import { DeviceStationLookup } from './device-station.lookup';
import { ExternalBrokerConsumer } from './external-broker.consumer';

/** The external-broker consumer; idle unless MQTT_URL is set (then startSystem does not start aedes). */
@Module({
  imports: [IngestionModule],
  providers: [DeviceStationLookup, ExternalBrokerConsumer],
  exports: [ExternalBrokerConsumer],
})
export class ExternalIngestModule {}
