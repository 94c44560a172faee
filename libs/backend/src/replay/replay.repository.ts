import { gradedSampleColumns } from '../ingestion/graded-sample-columns';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertSettingsOverride } from '@river/alerting';
import type { GradedSample } from '@river/contracts';
import { DataSource } from 'typeorm';
import type { DeadLetterRecord, RawMessage } from '../ingestion/raw-message';
import type { SqlExecutor } from '../telemetry/telemetry-store';
import { type ReplayCounters, type ReplayJobRow, type ReplayState, runIdOf } from './replay-job';
import type { ReplayReport } from './replay-report';

/** A journal row as replay reads it back. */
export interface JournalEntry {
  id: string;
  receivedAt: Date;
  message: RawMessage;
}

export interface NewReplayJob {
  target: ReplayJobRow['target'];
  from: Date;
  to: Date;
  stations: string[] | null;
  rivers: string[] | null;
  speed: number | null;
  rules: boolean;
  ruleSet: AlertSettingsOverride | null;
  ruleSetName: string | null;
  mqtt: ReplayJobRow['mqtt'];
  createdBy: string;
}

/** The only door to replay_job, replay_sample, replay_dead_letter, and replay's reads of the journal. */
@Injectable()
export class ReplayRepository {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  async create(job: NewReplayJob): Promise<ReplayJobRow> {
    const [row]: ReplayJobRow[] = await this.db.query(
      `INSERT INTO replay_job (state, target, from_ts, to_ts, stations, rivers, speed, rule_set, rule_set_name, mqtt, created_by,
                               evaluate_rules, total)
       VALUES ('queued', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
               (SELECT count(*) FROM message_journal WHERE received_at >= $2 AND received_at < $3
                  AND ($4::text[] IS NULL OR station_code = ANY($4::text[]))))
       RETURNING *`,
      [
        job.target,
        job.from,
        job.to,
        job.stations,
        job.rivers,
        job.speed,
        job.ruleSet ? JSON.stringify(job.ruleSet) : null,
        job.ruleSetName,
        job.mqtt ? JSON.stringify(job.mqtt) : null,
        job.createdBy,
        job.rules,
      ],
    );
    return row;
  }

  async get(id: string): Promise<ReplayJobRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row]: ReplayJobRow[] = await this.db.query('SELECT * FROM replay_job WHERE id = $1', [id]);
    return row;
  }

  /** Newest first, keyset on id. */
  async list(limit: number, beforeId?: string): Promise<ReplayJobRow[]> {
    return this.db.query(
      'SELECT * FROM replay_job WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2',
      [beforeId ?? null, limit + 1],
    );
  }

  /** Moves a job between states when it is in one of `from`; a paused/cancelled job gives up its lease. */
  async transition(
    id: string,
    from: readonly ReplayState[],
    to: ReplayState,
  ): Promise<ReplayJobRow | undefined> {
    const terminal = to === 'cancelled' || to === 'completed' || to === 'failed';
    const [rows]: [ReplayJobRow[]] = await this.db.query(
      `UPDATE replay_job SET state = $3, updated_at = now(),
              finished_at = CASE WHEN $4 THEN now() ELSE finished_at END
       WHERE id = $1 AND state = ANY($2) RETURNING *`,
      [id, from, to, terminal],
    );
    return rows[0];
  }

  /**
   * Claims the oldest runnable job (queued, or running with an expired or released lease: its process
   * stopped). SKIP LOCKED + the lease make it safe for several API processes to poll at once.
   */
  async claim(owner: string, leaseMs: number): Promise<ReplayJobRow | undefined> {
    const [rows]: [ReplayJobRow[]] = await this.db.query(
      `UPDATE replay_job SET state = 'running', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
              started_at = coalesce(started_at, now()), updated_at = now()
       WHERE id = (SELECT id FROM replay_job
                   WHERE state IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, leaseMs],
    );
    return rows[0];
  }

  /**
   * Saves progress and renews the lease in one statement; returns the job's state as stored (the API
   * may have paused or cancelled it), or undefined when this owner lost the lease.
   */
  async checkpoint(
    id: string,
    owner: string,
    leaseMs: number,
    last: { id: string; receivedAt: Date } | null,
    processed: number,
    counters: ReplayCounters,
  ): Promise<ReplayState | undefined> {
    const [rows]: [Array<{ state: ReplayState }>] = await this.db.query(
      `UPDATE replay_job SET done = done + $4, counters = $5,
              checkpoint_id = coalesce($6, checkpoint_id), checkpoint_received_at = coalesce($7, checkpoint_received_at),
              lease_until = now() + $3 * interval '1 millisecond', updated_at = now()
       WHERE id = $1 AND lease_owner = $2 RETURNING state`,
      [id, owner, leaseMs, processed, JSON.stringify(counters), last?.id ?? null, last?.receivedAt ?? null],
    );
    return rows[0]?.state;
  }

  /** Gives the job back (shutdown, pause): another process, or this one after a restart, resumes it. */
  async release(id: string, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE replay_job SET lease_owner = NULL, lease_until = NULL, updated_at = now() WHERE id = $1 AND lease_owner = $2`,
      [id, owner],
    );
  }

  async finish(
    id: string,
    owner: string,
    state: 'completed' | 'failed',
    report: ReplayReport | null,
    error: string | null,
  ): Promise<void> {
    await this.db.query(
      `UPDATE replay_job SET state = $3, report = $4, error = $5, finished_at = now(), lease_owner = NULL,
              lease_until = NULL, updated_at = now()
       WHERE id = $1 AND lease_owner = $2 AND state = 'running'`,
      [id, owner, state, report ? JSON.stringify(report) : null, error],
    );
  }

  async saveReport(id: string, report: ReplayReport): Promise<void> {
    await this.db.query('UPDATE replay_job SET report = $2 WHERE id = $1', [id, JSON.stringify(report)]);
  }

  /** The next journal rows after the checkpoint, in (received_at, id) order — the journal's index. */
  async journalPage(
    job: ReplayJobRow,
    after: { id: string; receivedAt: Date } | null,
    limit: number,
  ): Promise<JournalEntry[]> {
    const rows: Array<{
      id: string;
      received_at: Date;
      topic: string;
      payload: Buffer;
      device_id: string | null;
      source: RawMessage['source'];
    }> = await this.db.query(
      `SELECT id, received_at, topic, payload, device_id, source FROM message_journal
       WHERE received_at >= $1 AND received_at < $2
         AND ($3::text[] IS NULL OR station_code = ANY($3::text[]))
         AND ($4::timestamptz IS NULL OR (received_at, id) > ($4, $5::bigint))
       ORDER BY received_at, id LIMIT $6`,
      [job.from_ts, job.to_ts, job.stations, after?.receivedAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      message: {
        topic: r.topic,
        payload: r.payload,
        ...(r.device_id !== null ? { device: r.device_id } : {}),
        receivedAt: r.received_at,
        // the original source: processing then takes exactly the decisions it took live
        source: r.source,
      },
    }));
  }

  /** Live section classes of these (station, sampling time) keys, before anything is written. */
  async liveClasses(samples: readonly GradedSample[]): Promise<Map<string, number | null>> {
    if (samples.length === 0) return new Map();
    const rows: Array<{ station_code: string; ts: Date; overall: number | null }> = await this.db.query(
      `SELECT g.station_code, g.ts, g.overall FROM graded_sample g
       JOIN unnest($1::text[], $2::timestamptz[]) AS k(s, t) ON g.station_code = k.s AND g.ts = k.t`,
      [samples.map((s) => s.station), samples.map((s) => s.ts.toISOString())],
    );
    return new Map(rows.map((r) => [`${r.station_code}|${new Date(r.ts).getTime()}`, r.overall]));
  }

  /** Sandbox samples; returns the keys stored now (a resumed batch finds its earlier rows and skips them). */
  async insertSandbox(
    jobId: string,
    samples: readonly GradedSample[],
    dead: readonly DeadLetterRecord[],
    entries: readonly JournalEntry[],
  ): Promise<Set<string>> {
    return this.db.transaction(async (m) => {
      // re-creatable from the journal, and made durable by the (synchronous) checkpoint commit that
      // follows in the WAL: no fsync of its own
      await m.query('SET LOCAL synchronous_commit = off');
      await this.insertDeadLetters(m, jobId, entries, dead);
      return this.insertSandboxSamples(m, jobId, samples);
    });
  }

  private async insertSandboxSamples(
    tx: SqlExecutor,
    jobId: string,
    samples: readonly GradedSample[],
  ): Promise<Set<string>> {
    if (samples.length === 0) return new Set();
    // one JSON document for the whole batch: a single native stringify, no per-element array escaping
    // in the driver; `json` keeps each object's text verbatim, so the text columns hold exactly what
    // JSON.stringify(s.values) would
    const rows = (await tx.query(
      `INSERT INTO replay_sample (run_id, station, ts, "values", flags, classes, overall, compliant, n_values)
       SELECT $1, s, t, v::text, f::text, c::text, o, cp, n
       FROM json_to_recordset($2::json) AS x(s text, t timestamptz, v json, f json, c json, o smallint, cp boolean, n smallint)
       ON CONFLICT DO NOTHING RETURNING station, ts`,
      [
        jobId,
        JSON.stringify(
          samples.map((s) => ({
            s: s.station,
            t: s.ts,
            v: s.values,
            f: s.flags,
            c: s.classes,
            o: s.overall ?? null,
            cp: s.compliant ?? null,
            n: Object.keys(s.values).length,
          })),
        ),
      ],
    )) as Array<{ station: string; ts: Date }>;
    return new Set(rows.map((r) => `${r.station}|${new Date(r.ts).getTime()}`));
  }

  async insertDeadLetters(
    tx: SqlExecutor,
    jobId: string,
    entries: readonly JournalEntry[],
    dead: readonly DeadLetterRecord[],
  ): Promise<void> {
    if (dead.length === 0) return;
    await tx.query(
      `INSERT INTO replay_dead_letter (run_id, journal_id, station, reason, detail)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      [
        jobId,
        dead.map((d) => entries[d.index].id),
        dead.map((d) => d.station ?? null),
        dead.map((d) => d.reason),
        dead.map((d) => d.detail),
      ],
    );
  }

  /**
   * Live target: graded samples into the live table, deduplicated on (station, sampling time) like
   * live ingestion; returns the keys that were not there before. Runs inside the caller's transaction.
   */
  async insertLiveSamples(
    tx: SqlExecutor,
    samples: readonly GradedSample[],
    receivedAt: ReadonlyMap<GradedSample, Date>,
  ): Promise<Set<string>> {
    if (samples.length === 0) return new Set();
    const rows = (await tx.query(
      `INSERT INTO graded_sample (station_code, ts, device_id, seq, "values", flags, classes, overall, target_class,
                                  compliant, primary_pollutants, exceedance, implausible, source, received_at)
       SELECT s, t, d, q, v::jsonb, f::jsonb, c::jsonb, o, tc, cp, p::jsonb, e::jsonb, i::jsonb, 'replay', r
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::smallint[],
                   $9::smallint[], $10::boolean[], $11::text[], $12::text[], $13::text[], $14::timestamptz[])
            AS x(s, t, d, q, v, f, c, o, tc, cp, p, e, i, r)
       ON CONFLICT DO NOTHING RETURNING station_code, ts`,
      [...gradedSampleColumns(samples), samples.map((s) => (receivedAt.get(s) ?? s.ts).toISOString())],
    )) as Array<{ station_code: string; ts: Date }>;
    return new Set(rows.map((r) => `${r.station_code}|${new Date(r.ts).getTime()}`));
  }

  async sandboxTotals(jobId: string): Promise<{ samples: number; readings: number }> {
    const [row]: Array<{ samples: string; readings: string | null }> = await this.db.query(
      'SELECT count(*) AS samples, sum(n_values) AS readings FROM replay_sample WHERE run_id = $1',
      [jobId],
    );
    return { samples: Number(row.samples), readings: Number(row.readings ?? 0) };
  }

  async deadLetterCounts(jobId: string): Promise<Record<string, number>> {
    const rows: Array<{ reason: string; n: string }> = await this.db.query(
      'SELECT reason, count(*) AS n FROM replay_dead_letter WHERE run_id = $1 GROUP BY reason ORDER BY reason',
      [jobId],
    );
    return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
  }

  /** Cases a run opened: sandbox rows by run id; live rows opened by the replay since it started. */
  async casesOf(job: ReplayJobRow): Promise<
    Array<{
      station: string;
      episode: string;
      rules: string[];
      opened_at: Date;
      would_close: boolean;
      matches_live: boolean;
    }>
  > {
    const sandbox = job.target === 'sandbox';
    return this.db.query(
      `SELECT c.station, c.episode, c.rules, c.opened_at,
              (c.resolution_proposed_at IS NOT NULL OR c.state IN ('resolved', 'closed')) AS would_close,
              ${
                sandbox
                  ? `EXISTS (SELECT 1 FROM river_case l WHERE l.run_id IS NULL AND l.station = c.station AND l.episode = c.episode
                             AND abs(extract(epoch FROM l.opened_at - c.opened_at)) <= 86400)`
                  : 'true'
              } AS matches_live
       FROM river_case c
       WHERE ${sandbox ? 'c.run_id = $1' : `c.run_id IS NULL AND c.created_at >= $1 AND ($2::text[] IS NULL OR c.station = ANY($2::text[]))`}
       ORDER BY c.opened_at, c.id`,
      sandbox ? [runIdOf(job.id)] : [job.started_at ?? job.created_at, job.stations],
    );
  }

  /** Removes everything a sandbox run wrote (samples, dead letters, cases and their timeline, rule state). */
  async deleteSandbox(jobId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const run = runIdOf(jobId);
      await m.query('DELETE FROM case_event WHERE case_id IN (SELECT id FROM river_case WHERE run_id = $1)', [
        run,
      ]);
      await m.query('DELETE FROM river_case WHERE run_id = $1', [run]);
      await m.query('DELETE FROM station_alert_state WHERE run_id = $1', [run]);
      await m.query('DELETE FROM replay_sample WHERE run_id = $1', [jobId]);
      await m.query('DELETE FROM replay_dead_letter WHERE run_id = $1', [jobId]);
    });
  }

  async deleteJob(jobId: string): Promise<void> {
    await this.db.query('DELETE FROM replay_job WHERE id = $1', [jobId]);
  }

  /** One parameter of one station as the sandbox run computed it. */
  async sandboxSeries(
    jobId: string,
    station: string,
    parameter: string,
  ): Promise<Array<{ ts: Date; value: number }>> {
    const rows: Array<{ ts: Date; value: number }> = await this.db.query(
      `SELECT ts, value FROM (
         SELECT ts, ("values"::jsonb ->> $3)::float8 AS value FROM replay_sample WHERE run_id = $1 AND station = $2
       ) x WHERE value IS NOT NULL ORDER BY ts LIMIT 100000`,
      [jobId, station, parameter],
    );
    return rows.map((r) => ({ ts: new Date(r.ts), value: Number(r.value) }));
  }

  async sandboxSpan(jobId: string, station: string): Promise<{ from: Date; to: Date } | undefined> {
    const [row]: Array<{ min: Date | null; max: Date | null }> = await this.db.query(
      'SELECT min(ts) AS min, max(ts) AS max FROM replay_sample WHERE run_id = $1 AND station = $2',
      [jobId, station],
    );
    return row.min && row.max ? { from: new Date(row.min), to: new Date(row.max) } : undefined;
  }
}
