import { Module } from '@nestjs/common';
import { CasesCoreModule } from '../cases/cases-core.module';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { AuditModule } from '../audit/audit.module';
import { IdentityCoreModule } from '../identity/identity-core.module';
import { BrokerModule } from '../broker/broker.module';
import { BrokerIngestModule } from '../broker/broker-ingest.module';
import { ExternalIngestModule } from '../ingestion/external/external-ingest.module';

/** The ingestion side: MQTT broker (or external-broker consumer) and the stream processor. */
@Module({
  imports: [
    StationCatalogueModule,
    BrokerModule,
    BrokerIngestModule,
    ExternalIngestModule,
    AuditModule,
    IdentityCoreModule,
    CasesCoreModule,
  ],
})
export class IngestModule {}
