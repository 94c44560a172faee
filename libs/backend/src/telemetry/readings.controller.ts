import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { topics } from '@river/contracts';
import { z } from 'zod';
import { DomainError, ErrorKind } from '../errors/domain-error';
import { ValidQuery, openApiSchema } from '../http/zod-validation';
import { CurrentUser, Roles } from '../identity/current-user.decorator';
import type { Principal } from '../identity/principal';
import { IngestPipeline } from '../ingestion/ingest-pipeline.service';
import { toCstIso } from './iso-time';
import { ReadingsService } from './readings.service';
import { ApiBody } from '@nestjs/swagger';

const isoWithOffset = z
  .string()
  .refine((s) => /(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 with an offset');
const readingsQuery = z.object({
  from: isoWithOffset.optional(),
  to: isoWithOffset.optional(),
  parameter: z.string().max(200).optional(),
  interval: z.enum(['raw', '1h', '1d']).default('raw'),
});

/** A manual sample (e.g. a lab result): the same shape as a device reading, without device/v. */
const manualSample = z.object({
  ts: z.string().describe('sampling time, ISO 8601 with offset'),
  values: z.record(z.string(), z.unknown()),
  flags: z.record(z.string(), z.unknown()).optional(),
});

@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('api/v1/stations/:code')
export class ReadingsController {
  constructor(
    private readonly readings: ReadingsService,
    private readonly pipeline: IngestPipeline,
  ) {}

  @Get('readings')
  @ApiOperation({
    summary: 'Series per parameter; interval raw|1h|1d (means of N-flagged values, class of the mean)',
  })
  series(@Param('code') code: string, @ValidQuery(readingsQuery) query: z.infer<typeof readingsQuery>) {
    return this.readings.series(code, query);
  }

  /**
   * Stores and grades a manual sample through the same processing as device readings (journaled as
   * source "manual"); a rejected sample is dead-lettered like a device message and answered with 422.
   */
  @Post('samples')
  @Roles('operator', 'inspector')
  @ApiBody({ schema: openApiSchema(manualSample) })
  async addSample(@Param('code') code: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const device = `manual:${user.username}`;
    const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const payload = Buffer.from(
      JSON.stringify({ v: 1, device, ts: raw.ts, values: raw.values, flags: raw.flags }),
    );
    const outcome = await this.pipeline.submit({
      topic: topics.reading(code),
      payload,
      device,
      deviceStation: code,
      receivedAt: new Date(),
      source: 'manual',
    });
    if (outcome.deadLetter) {
      const status =
        outcome.deadLetter.reason === 'unknown_station' ? ErrorKind.NotFound : ErrorKind.Validation;
      throw new DomainError(status, outcome.deadLetter.reason, outcome.deadLetter.detail);
    }
    const [sample] = outcome.samples;
    return {
      station: sample.station,
      ts: toCstIso(sample.ts),
      values: sample.values,
      flags: sample.flags,
      classes: sample.classes,
      overall: sample.overall ?? null,
      targetClass: sample.targetClass,
      compliant: sample.compliant ?? null,
      primary: sample.primary,
      duplicate: sample.duplicate === true,
    };
  }
}
