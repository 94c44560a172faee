import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { DeadLetterReason, GradedSample } from '@river/contracts';
import { Subject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CaseSinkFeeder } from './case-sink.feeder';
import { IngestMetrics } from './ingest-metrics';
import { IngestRepository } from './ingest.repository';
import { processMessages } from './process-messages';
import type { ProcessResult, RawMessage, StationInfo } from './raw-message';
import { STATION_DIRECTORY, type StationDirectory } from './station-directory';

export interface SubmitOutcome {
  deadLetter?: { reason: DeadLetterReason; detail: string };
  samples: GradedSample[];
}

interface Pending {
  message: RawMessage;
  resolve(outcome: SubmitOutcome): void;
  reject(error: Error): void;
}

export interface CommittedBatch {
  result: ProcessResult;
  newSamples: GradedSample[];
}

/**
 * Group commit for every message source. `submit()` resolves only once the message (or its dead letter)
 * is committed, so the caller (the aedes authorizePublish hook) can hold the PUBACK until then.
 * Messages are buffered for `ingest.batchWaitMs` or `ingest.batchMax` messages, processed by the pure
 * core and written in one transaction; a failed write is retried with backoff for ever (nothing is
 * dropped, nothing is acked), and `saturated` tells sources to stop reading when `ingest.maxPending`
 * messages wait. After commit, derived events flow through `committed$` (rxjs, platform topics) and
 * the case workflow is nudged: it reads the committed samples back from the database
 * (CaseSinkFeeder), so nothing stored can miss the alert rules and nothing waits in memory for it.
 */
@Injectable()
export class IngestPipeline implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ingest');
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly stationCache = new Map<string, { info: StationInfo | undefined; until: number }>();
  readonly committed$ = new Subject<CommittedBatch>();
  private readonly drainWaiters: Array<() => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: IngestRepository,
    @Inject(STATION_DIRECTORY) private readonly stations: StationDirectory,
    private readonly metrics: IngestMetrics,
    @Optional() private readonly feeder?: CaseSinkFeeder,
  ) {}

  /** Number of messages accepted but not yet committed. */
  get pending(): number {
    return this.queue.length + this.inFlight * this.config.ingest.batchMax;
  }

  get saturated(): boolean {
    return this.queue.length >= this.config.ingest.maxPending;
  }

  /** Resolves once the queue is below the limit again (sources pause reading until then). */
  whenUnsaturated(): Promise<void> {
    if (!this.saturated) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  submit(message: RawMessage): Promise<SubmitOutcome> {
    if (this.closed) return Promise.reject(new Error('ingestion is shutting down'));
    return new Promise<SubmitOutcome>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= this.config.ingest.commitConcurrency || this.queue.length === 0) return;
    if (this.queue.length >= this.config.ingest.batchMax || this.config.ingest.batchWaitMs === 0) {
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.config.ingest.batchWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.inFlight < this.config.ingest.commitConcurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.config.ingest.batchMax);
      this.inFlight++;
      this.wakeSources();
      void this.commitUntilDone(batch).finally(() => {
        this.inFlight--;
        this.wakeSources();
        this.schedule();
      });
    }
  }

  private wakeSources(): void {
    if (this.saturated) return;
    for (const wake of this.drainWaiters.splice(0)) wake();
  }

  private async commitUntilDone(batch: Pending[]): Promise<void> {
    let delay = 50;
    for (let attempt = 1; ; attempt++) {
      try {
        const messages = batch.map((p) => p.message);
        const stations = await this.loadStations(messages);
        const processingStarted = performance.now();
        const result = processMessages(messages, { station: (code) => stations.get(code) });
        this.metrics.recordProcessing(performance.now() - processingStarted);
        const started = Date.now();
        const { newSamples } = await this.repository.commit(result);
        this.metrics.recordCommit(result, newSamples.length, Date.now() - started);
        this.settle(batch, result);
        if (newSamples.length > 0) this.feeder?.nudge();
        this.committed$.next({ result, newSamples });
        return;
      } catch (error) {
        this.metrics.recordCommitFailure();
        if (this.closed) {
          for (const p of batch) p.reject(new Error('ingestion stopped before the message was stored'));
          return;
        }
        this.logger.warn(
          { err: error, attempt, messages: batch.length, retryInMs: delay },
          'batch commit failed; acks held, retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private settle(batch: Pending[], result: ProcessResult): void {
    const outcomes: SubmitOutcome[] = batch.map(() => ({ samples: [] }));
    for (const d of result.deadLetters) outcomes[d.index].deadLetter = { reason: d.reason, detail: d.detail };
    for (const a of result.accepted) outcomes[a.index].samples = a.samples;
    batch.forEach((p, i) => p.resolve(outcomes[i]));
  }

  private async loadStations(messages: RawMessage[]): Promise<Map<string, StationInfo | undefined>> {
    const now = Date.now();
    const out = new Map<string, StationInfo | undefined>();
    for (const m of messages) {
      const code = m.topic.split('/')[1];
      if (code === undefined || out.has(code)) continue;
      const cached = this.stationCache.get(code);
      if (cached && cached.until > now) {
        out.set(code, cached.info);
        continue;
      }
      const info = await this.stations.get(code);
      // short TTL: a station added to the catalogue is seen within seconds
      this.stationCache.set(code, { info, until: now + (info ? 30_000 : 5_000) });
      if (this.stationCache.size > 10_000) this.stationCache.clear();
      out.set(code, info);
    }
    return out;
  }

  /**
   * Before the database closes (TypeORM closes it in onApplicationShutdown): finish the commits in
   * flight and what is queued (bounded), refuse new messages (not acked: devices resend), then let the
   * case workflow take what was committed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.flush();
    const deadline = Date.now() + 5000;
    while ((this.inFlight > 0 || this.queue.length > 0) && Date.now() < deadline) {
      this.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('ingestion stopped'));
    await this.feeder?.stop(5000);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.committed$.complete();
  }
}
