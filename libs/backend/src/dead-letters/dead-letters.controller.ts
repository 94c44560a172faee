import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeadLetterReason } from '@river/contracts';
import { z } from 'zod';
import { paginationQuery } from '../http/pagination';
import { ValidQuery } from '../http/zod-validation';
import { Roles } from '../identity/current-user.decorator';
import { IngestMetrics } from '../ingestion/ingest-metrics';
import { IngestPipeline } from '../ingestion/ingest-pipeline.service';
import { DeadLettersRepository } from './dead-letters.repository';

const time = z
  .string()
  .refine((s) => /(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 with an offset');
const deadLetterQuery = paginationQuery.extend({
  reason: z.enum(Object.values(DeadLetterReason) as [string, ...string[]]).optional(),
  device: z.string().max(200).optional(),
  station: z.string().max(64).optional(),
  from: time.optional(),
  to: time.optional(),
});

@ApiTags('ingestion')
@ApiBearerAuth()
@Controller()
export class DeadLettersController {
  constructor(
    private readonly deadLetters: DeadLettersRepository,
    private readonly metrics: IngestMetrics,
    private readonly pipeline: IngestPipeline,
  ) {}

  @Get('api/v1/dead-letters')
  @Roles('operator')
  @ApiOperation({ summary: 'Rejected messages with reason and raw bytes, newest first' })
  list(@ValidQuery(deadLetterQuery) query: z.infer<typeof deadLetterQuery>) {
    return this.deadLetters.list(query);
  }

  @Get('api/v1/dead-letters/counts')
  @Roles('operator')
  @ApiOperation({ summary: 'Dead letters stored, per reason (all time)' })
  counts() {
    return this.deadLetters.countsByReason();
  }

  /** Prometheus text: this process's ingestion counters (dead letters per reason, acks, batches, refusals). */
  @Get('metrics')
  @Roles('operator')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus(): string {
    return this.metrics.toPrometheus({
      river_ingest_pending_messages: this.pipeline.pending,
      process_resident_memory_bytes: process.memoryUsage().rss,
    });
  }
}
