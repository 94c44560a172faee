import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GRADED_SAMPLE_SINK, type GradedSample, type GradedSampleSink } from '@river/contracts';
import { DataSource, type QueryRunner } from 'typeorm';
import { committedSampleOf, type CommittedSampleRow } from './committed-sample';

/** pg advisory lock key of the feeder (any constant unique in this database): "case sink" */
const FEEDER_LOCK = 7_301_000_001;
const BATCH = 5000;
/**
 * Pause after a pass that handed samples over, before the next one: under load, samples of many commits
 * go to the engine together, i.e. one rule transaction per station for all of them instead of one per
 * station and commit (the engine's transactions cost the database as much as ingestion's own work).
 * Adds at most this much to publish → case.
 */
const GAP_MS = 100;
/** how often a process that does not hold the lock (or was not nudged) looks for work */
const POLL_MS = 250;

/**
 * The horizon: every transaction whose id is below the snapshot's xmin has finished, so a row with a
 * smaller commit_xid is either visible from now on or never will be. Taken in its own statement (once,
 * not per row); the next statement's snapshot is later, so it sees all of those rows.
 */
const HORIZON_SQL = 'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon';
// sampling times travel as text here: a Date would drop microseconds and the cursor could stop short
const CURSOR_SQL = `SELECT commit_xid::text AS commit_xid, station_code, ts::text AS ts_key FROM sink_cursor WHERE name = 'cases'`;
/** Rows above the cursor and below the horizon, in commit order (index graded_sample_commit_order). */
const NEXT_SQL = `
SELECT g.commit_xid::text AS commit_xid, g.station_code, g.ts, g.ts::text AS ts_key, g.device_id, g.seq, g."values", g.flags, g.classes,
       g.overall, g.target_class, g.compliant, g.primary_pollutants, g.exceedance, g.implausible
  FROM graded_sample g
 WHERE (g.commit_xid, g.station_code, g.ts) > ($1::xid8, $2, $3::timestamptz) AND g.commit_xid < $4::xid8
 ORDER BY g.commit_xid, g.station_code, g.ts
 LIMIT $5`;

type PassResult = 'more' | 'idle' | 'fed' | 'locked';

/**
 * Feeds the case workflow (GRADED_SAMPLE_SINK) from graded_sample, never from memory: a sample is
 * evaluated once it is committed, whatever happens to the process that stored it (sink failure, crash,
 * stop). One pass = one transaction holding an advisory lock, so one process at a time feeds the sink,
 * in commit order; the cursor moves only after `handle()` succeeded (the engine skips what it has
 * already evaluated, so a pass repeated after a crash is harmless). The pipeline nudges after each
 * commit (low latency); processes that lose the lock poll, and take over when the holder dies.
 */
@Injectable()
export class CaseSinkFeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('case-sink');
  private dirty = true;
  private stopping = false;
  /** set by stop(): a failing hand-over is left to the next start instead of retried */
  private draining = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private passes = 0;
  /** drain: resolved by the first pass started after `after` that finds nothing left */
  private idleWaiters: Array<{ after: number; resolve: () => void }> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(GRADED_SAMPLE_SINK) private readonly sink?: GradedSampleSink,
  ) {}

  onApplicationBootstrap(): void {
    if (this.sink) this.loop = this.run(this.sink);
  }

  /** New samples were committed: look now instead of at the next poll. */
  nudge(): void {
    this.dirty = true;
    this.wake?.();
  }

  /**
   * Before the database closes: hands over what is committed (up to `timeoutMs`), then stops. Whatever
   * is left is fed by the next process that runs (or another one that holds the lock).
   */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.loop) return;
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const idle = new Promise<void>((resolve) => this.idleWaiters.push({ after: this.passes, resolve }));
    this.nudge();
    await Promise.race([idle, timeout]);
    this.stopping = true;
    this.wake?.();
    await Promise.race([this.loop, timeout]);
    clearTimeout(timer);
  }

  private async run(sink: GradedSampleSink): Promise<void> {
    let backoff = 50;
    while (!this.stopping) {
      if (!this.dirty) await this.sleep(POLL_MS);
      if (this.stopping) break;
      this.dirty = false;
      const id = ++this.passes;
      try {
        const result = await this.pass(sink);
        backoff = 50;
        // 'locked': another process feeds the sink; nothing for this one to wait for
        if (result === 'more') this.dirty = true;
        else this.settleWaiters(id);
        if (result === 'fed' && !this.draining) await delay(GAP_MS);
      } catch (error) {
        if (this.stopping || this.draining) break;
        this.logger.warn(
          { err: error, retryInMs: backoff },
          'case workflow sink failed; retrying from the cursor',
        );
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        this.dirty = true;
      }
    }
    this.settleWaiters(Infinity);
  }

  private settleWaiters(passId: number): void {
    const due = this.idleWaiters.filter((w) => w.after < passId);
    this.idleWaiters = this.idleWaiters.filter((w) => w.after >= passId);
    for (const w of due) w.resolve();
  }

  private async pass(sink: GradedSampleSink): Promise<PassResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // no transaction id until the cursor update: this pass does not hold back the horizon it reads
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        FEEDER_LOCK,
      ])) as Array<{ locked: boolean }>;
      if (!locked) {
        await runner.rollbackTransaction();
        return 'locked';
      }
      // walk the ordered index and stop at the LIMIT: without statistics (a young or just-grown table)
      // the planner may otherwise fetch the whole backlog and sort it on every pass
      await runner.query('SET LOCAL enable_bitmapscan = off');
      await runner.query('SET LOCAL enable_seqscan = off');
      const [{ horizon }] = (await runner.query(HORIZON_SQL)) as Array<{ horizon: string }>;
      const [at] = (await runner.query(CURSOR_SQL)) as Array<
        Pick<CommittedSampleRow, 'commit_xid' | 'station_code' | 'ts_key'>
      >;
      const rows = (await runner.query(NEXT_SQL, [
        at.commit_xid,
        at.station_code,
        at.ts_key,
        horizon,
        BATCH,
      ])) as CommittedSampleRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 'idle';
      }
      await sink.handle(inStationOrder(rows.map(committedSampleOf)), { source: 'live' });
      await this.advance(runner, rows[rows.length - 1]);
      await runner.commitTransaction();
      return rows.length === BATCH ? 'more' : 'fed';
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async advance(runner: QueryRunner, last: CommittedSampleRow): Promise<void> {
    await runner.query(
      `UPDATE sink_cursor SET commit_xid = $1::xid8, station_code = $2, ts = $3::timestamptz, updated_at = now() WHERE name = 'cases'`,
      [last.commit_xid, last.station_code, last.ts_key],
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Per station in sampling-time order (the sink's contract), stations in first-seen order. */
function inStationOrder(samples: GradedSample[]): GradedSample[] {
  return [...samples].sort((a, b) =>
    a.station < b.station ? -1 : a.station > b.station ? 1 : a.ts.getTime() - b.ts.getTime(),
  );
}
