import { Module } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { BrokerIngestBridge } from './broker-ingest.bridge';
import { PlatformPublisher } from './platform-publisher';

/** Device auth, ACL and durable acks on the in-process broker (not loaded when MQTT_URL names an external broker). */
@Module({
  imports: [DevicesModule, IngestionModule],
  providers: [BrokerIngestBridge, PlatformPublisher],
})
export class BrokerIngestModule {}
