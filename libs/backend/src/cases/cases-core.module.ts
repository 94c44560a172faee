import { Global, Module } from '@nestjs/common';
import { GRADED_SAMPLE_SINK } from '@river/contracts';
import { EventsCoreModule } from '../events/events-core.module';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { CaseEngine } from './case.engine';
import { CaseScheduler } from './case.scheduler';
import { CasesRepository } from './cases.repository';

/**
 * Cases without HTTP routes (what the ingestion side imports): the graded-sample sink (alert rules →
 * cases) and the scheduler (escalation, no data). An ingest-only process has no authentication guard,
 * so it must not serve routes. Global, so that the ingestion pipeline finds GRADED_SAMPLE_SINK
 * without importing this module (it injects it @Optional).
 */
@Global()
@Module({
  imports: [EventsCoreModule, StationCatalogueModule],
  providers: [
    CasesRepository,
    CaseEngine,
    CaseScheduler,
    { provide: GRADED_SAMPLE_SINK, useExisting: CaseEngine },
  ],
  exports: [GRADED_SAMPLE_SINK, CaseEngine, CasesRepository, CaseScheduler],
})
export class CasesCoreModule {}
