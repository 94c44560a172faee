import { Module } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module';

/** The ingestion side: MQTT broker (or external-broker consumer) and the stream processor. */
@Module({
  imports: [BrokerModule],
})
export class IngestModule {}
