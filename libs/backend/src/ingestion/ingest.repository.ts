import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GradedSample } from '@river/contracts';
import { DataSource } from 'typeorm';
import { TELEMETRY_STORE, type TelemetryStore } from '../telemetry/telemetry-store';
import { gradedSampleColumns, stripNul } from './graded-sample-columns';
import type { ProcessResult } from './raw-message';

export interface CommitOutcome {
  /** samples stored by this commit (not duplicates), ready for the case workflow */
  newSamples: GradedSample[];
  duplicates: number;
}

/**
 * One statement for the always-PostgreSQL part of a batch: dead letters, graded samples (dedupe on
 * station + sampling time, ON CONFLICT DO NOTHING) and the raw journal, whose `new_samples` counts the
 * samples of each message this statement actually stored. Fewer round trips = shorter commits (the
 * acks of the whole batch wait for them). The sample's objects are `json` (checked text), not jsonb (`classes`: jsonb).
 */
const COMMIT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                       $8::smallint[], $9::smallint[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::text[],
                       $15::timestamptz[], $31::int[]) WITH ORDINALITY AS x(s, t, d, q, v, f, c, o, tc, cp, p, e, i, src, r, m, idx)
), stored AS (
  INSERT INTO graded_sample (station_code, ts, device_id, seq, "values", flags, classes, overall, target_class,
                             compliant, primary_pollutants, exceedance, implausible, source, received_at)
  SELECT s, t, d, q, v::json, f::json, c::jsonb, o, tc, cp, p::json, e::json, i::json, src, r FROM input
  ON CONFLICT DO NOTHING
  RETURNING station_code, ts
), stored_idx AS (
  SELECT input.idx, input.m FROM input JOIN stored ON stored.station_code = input.s AND stored.ts = input.t
), stored_per_message AS (
  SELECT m, count(*) AS n FROM stored_idx GROUP BY m
), dead AS (
  INSERT INTO dead_letter (received_at, reason, detail, topic, payload, payload_size, device_id, station_code, source)
  SELECT * FROM unnest($16::timestamptz[], $17::text[], $18::text[], $19::text[], $20::bytea[], $21::int[], $22::text[],
                       $23::text[], $24::text[])
), journal AS (
  INSERT INTO message_journal (received_at, topic, payload, device_id, station_code, source, new_samples)
  SELECT jr, jt, jp, jd, js, jsrc, COALESCE(n, 0)
  FROM unnest($25::timestamptz[], $26::text[], $27::bytea[], $28::text[], $29::text[], $30::text[])
       WITH ORDINALITY AS y(jr, jt, jp, jd, js, jsrc, jn)
  LEFT JOIN stored_per_message ON stored_per_message.m = y.jn
)
SELECT idx::int AS idx FROM stored_idx`;

/**
 * The live persistence step after `processMessages`: ONE transaction per batch holding the dead letters,
 * the graded samples, the telemetry rows (through the TelemetryStore port) and the raw journal. When it
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
      const rows = (await runner.query(COMMIT_SQL, commitParameters(result))) as Array<{ idx: number }>;
      await this.telemetry.write(result.readings, runner);
      await runner.commitTransaction();
      const stored = new Set(rows.map((r) => r.idx - 1));
      const newSamples: GradedSample[] = [];
      result.samples.forEach((s, i) => (stored.has(i) ? newSamples.push(s) : (s.duplicate = true)));
      return { newSamples, duplicates: result.samples.length - newSamples.length };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function commitParameters(result: ProcessResult): unknown[] {
  const samples = result.samples;
  const origin = new Map<GradedSample, { receivedAt: Date; source: string }>();
  for (const a of result.accepted) for (const s of a.samples) origin.set(s, a.message);
  const d = result.deadLetters;
  // each message's new-in-batch samples are contiguous in result.samples: the 1-based message of each
  // sample lets SQL count a message's stored samples with one GROUP BY (not a scan per message)
  const owner: number[] = [];
  result.accepted.forEach((a, k) => {
    for (const s of a.samples) if (!s.duplicate) owner.push(k + 1);
  });
  const a = result.accepted;
  return [
    ...gradedSampleColumns(samples),
    samples.map((s) => origin.get(s)!.source),
    samples.map((s) => origin.get(s)!.receivedAt.toISOString()),
    d.map((x) => x.receivedAt.toISOString()),
    d.map((x) => x.reason),
    d.map((x) => stripNul(x.detail)),
    d.map((x) => stripNul(x.topic)),
    d.map((x) => x.payload),
    d.map((x) => x.payloadSize),
    d.map((x) => (x.device === undefined ? null : stripNul(x.device))),
    d.map((x) => x.station ?? null),
    d.map((x) => x.source),
    a.map((x) => x.message.receivedAt.toISOString()),
    a.map((x) => stripNul(x.message.topic)),
    a.map((x) => x.message.payload),
    a.map((x) => (x.message.device === undefined ? null : stripNul(x.message.device))),
    a.map((x) => x.station),
    a.map((x) => x.message.source),
    owner,
  ];
}
