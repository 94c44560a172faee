import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GradedSample } from '@river/contracts';
import { DataSource } from 'typeorm';
import { TELEMETRY_STORE, type TelemetryStore } from '../telemetry/telemetry-store';
import type { ProcessResult } from './raw-message';

export interface CommitOutcome {
  /** samples stored by this commit (not duplicates), ready for the case workflow */
  newSamples: GradedSample[];
  duplicates: number;
}

/**
 * The live persistence step after `processMessages`: ONE transaction per batch holding the dead letters,
 * the graded samples (dedupe on station + sampling time), the telemetry rows and the raw journal. When it
 * returns, everything is durable (synchronous commit) and the acks of the whole batch may go out.
 */
@Injectable()
export class IngestRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(TELEMETRY_STORE) private readonly telemetry: TelemetryStore,
  ) {}

  async commit(result: ProcessResult): Promise<CommitOutcome> {
    await this.telemetry.prepare(result.readings);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await this.insertDeadLetters(runner, result);
      const stored = await this.insertSamples(runner, result);
      await this.telemetry.write(result.readings, runner);
      await this.insertJournal(runner, result, stored);
      await runner.commitTransaction();
      const newSamples = result.samples.filter((s) => stored.has(sampleKey(s)));
      for (const s of result.samples) if (!stored.has(sampleKey(s))) s.duplicate = true;
      return { newSamples, duplicates: result.samples.length - newSamples.length };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async insertDeadLetters(
    runner: { query: DataSource['query'] },
    result: ProcessResult,
  ): Promise<void> {
    const d = result.deadLetters;
    if (d.length === 0) return;
    await runner.query(
      `INSERT INTO dead_letter (received_at, reason, detail, topic, payload, payload_size, device_id, station_code, source)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::int[], $7::text[], $8::text[], $9::text[])`,
      [
        d.map((x) => x.receivedAt.toISOString()),
        d.map((x) => x.reason),
        d.map((x) => stripNul(x.detail)),
        d.map((x) => stripNul(x.topic)),
        d.map((x) => x.payload),
        d.map((x) => x.payloadSize),
        d.map((x) => (x.device === undefined ? null : stripNul(x.device))),
        d.map((x) => x.station ?? null),
        d.map((x) => x.source),
      ],
    );
  }

  /** Returns the keys of the samples this transaction stored (ON CONFLICT DO NOTHING skips the others). */
  private async insertSamples(
    runner: { query: DataSource['query'] },
    result: ProcessResult,
  ): Promise<Set<string>> {
    const samples = result.samples;
    if (samples.length === 0) return new Set();
    const origin = new Map<GradedSample, { receivedAt: Date; source: string }>();
    for (const a of result.accepted) for (const s of a.samples) origin.set(s, a.message);
    const rows = (await runner.query(
      `INSERT INTO graded_sample (station_code, ts, device_id, seq, "values", flags, classes, overall, target_class,
                                  compliant, primary_pollutants, exceedance, implausible, source, received_at)
       SELECT s, t, d, q, v::jsonb, f::jsonb, c::jsonb, o, tc, cp, p::jsonb, e::jsonb, i::jsonb, src, r
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::smallint[],
                   $9::smallint[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::text[], $15::timestamptz[])
            AS x(s, t, d, q, v, f, c, o, tc, cp, p, e, i, src, r)
       ON CONFLICT DO NOTHING
       RETURNING station_code, ts`,
      [
        samples.map((s) => s.station),
        samples.map((s) => s.ts.toISOString()),
        samples.map((s) => (s.device === undefined ? null : stripNul(s.device))),
        samples.map((s) => s.seq ?? null),
        samples.map((s) => JSON.stringify(s.values)),
        samples.map((s) => JSON.stringify(s.flags)),
        samples.map((s) => JSON.stringify(s.classes)),
        samples.map((s) => s.overall ?? null),
        samples.map((s) => s.targetClass),
        samples.map((s) => s.compliant ?? null),
        samples.map((s) => JSON.stringify(s.primary)),
        samples.map((s) => JSON.stringify(s.exceedance)),
        samples.map((s) => JSON.stringify(s.implausible)),
        samples.map((s) => origin.get(s)!.source),
        samples.map((s) => origin.get(s)!.receivedAt.toISOString()),
      ],
    )) as Array<{ station_code: string; ts: Date }>;
    return new Set(rows.map((r) => `${r.station_code}|${new Date(r.ts).getTime()}`));
  }

  private async insertJournal(
    runner: { query: DataSource['query'] },
    result: ProcessResult,
    stored: Set<string>,
  ): Promise<void> {
    const a = result.accepted;
    if (a.length === 0) return;
    await runner.query(
      `INSERT INTO message_journal (received_at, topic, payload, device_id, station_code, source, new_samples)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::bytea[], $4::text[], $5::text[], $6::text[], $7::int[])`,
      [
        a.map((x) => x.message.receivedAt.toISOString()),
        a.map((x) => x.message.topic),
        a.map((x) => x.message.payload),
        a.map((x) => x.message.device ?? null),
        a.map((x) => x.station),
        a.map((x) => x.message.source),
        a.map((x) => x.samples.filter((s) => !s.duplicate && stored.has(sampleKey(s))).length),
      ],
    );
  }
}

export const sampleKey = (s: GradedSample) => `${s.station}|${s.ts.getTime()}`;

/** PostgreSQL text cannot hold NUL; the raw bytes (bytea) keep the original. */
const stripNul = (s: string) => (s.includes('\0') ? s.replace(/\0/g, '\uFFFD') : s);
