import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import type { GradedSample } from '@river/contracts';
import mqtt from 'mqtt';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BrokerService } from '../broker/broker.service';
import { CaseEngine } from '../cases/case.engine';
import { processMessages } from '../ingestion/process-messages';
import type { ProcessResult, RawMessage, StationInfo } from '../ingestion/raw-message';
import { STATION_DIRECTORY, type StationDirectory } from '../ingestion/station-directory';
import { StationsService } from '../stations/stations.service';
import { TELEMETRY_STORE, type TelemetryStore } from '../telemetry/telemetry-store';
import { type ReplayCounters, type ReplayJobRow, runIdOf } from './replay-job';
import { countDue, dueAtMs, nextRate, type PaceAnchor } from './replay-pacing';
import { addClassChanges } from './replay-report';
import { ReplayReports } from './replay-reports.service';
import { type JournalEntry, ReplayRepository } from './replay.repository';
import { SandboxCases } from './sandbox-cases';

/** Lease a worker holds on a job; renewed at every checkpoint (well under this). */
const LEASE_MS = 30_000;
/** How often an idle worker looks for work (a job created in this process wakes it at once). */
const POLL_MS = 1_000;
/** As fast as possible: journal rows per batch (one processing call, one write, one checkpoint). */
const MAX_BATCH = 50_000;
/** Rivers handed to the case engine at once (its per-station transactions wait on round trips). */
const CASE_LANES = 4;
/** Paced: at most this many due messages per batch, and a heartbeat at least this often while waiting. */
const PACED_BATCH = 500;
const HEARTBEAT_MS = 500;

type Cursor = { id: string; receivedAt: Date } | null;

/**
 * Runs replay jobs in the API process: claims one job at a time (FOR UPDATE SKIP LOCKED + lease, so
 * several API processes never run the same job), reads the journal from the checkpoint in
 * (received_at, id) order, runs THE processing core (`processMessages`, the one live ingestion uses)
 * and persists per target — sandbox (run tables, case engine keyed by run id, no notifications), live
 * (idempotent: only samples not stored before reach the tables and the case engine) or MQTT
 * (republish raw). After each batch one UPDATE saves the checkpoint, counters and lease; that UPDATE
 * also reads back the state, which is how pause/cancel from any process reach the worker.
 * A batch redone after a crash is harmless: every write deduplicates and the rules skip samples not
 * newer than their state.
 */
@Injectable()
export class ReplayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('replay');
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private stopping = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private readonly stationCache = new Map<string, StationInfo | undefined>();
  private riverByStation = new Map<string, string>();
  private readonly mqttClients = new Map<string, mqtt.MqttClient>();

  constructor(
    private readonly repo: ReplayRepository,
    private readonly reports: ReplayReports,
    private readonly cases: CaseEngine,
    private readonly sandboxCases: SandboxCases,
    @Inject(STATION_DIRECTORY) private readonly stations: StationDirectory,
    @Inject(TELEMETRY_STORE) private readonly telemetry: TelemetryStore,
    private readonly catalogue: StationsService,
    @Optional() private readonly broker?: BrokerService,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.work();
  }

  /** A job was created or resumed in this process: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    for (const client of this.mqttClients.values()) await client.endAsync().catch(() => undefined);
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      let job: ReplayJobRow | undefined;
      try {
        job = await this.repo.claim(this.owner, LEASE_MS);
      } catch (error) {
        if (!this.stopping) this.logger.warn({ err: error }, 'could not claim replay jobs');
      }
      if (job) {
        await this.run(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async run(job: ReplayJobRow): Promise<void> {
    this.logger.log({ replay: job.id, target: job.target, from: job.checkpoint_id }, 'replay claimed');
    this.stationCache.clear(); // the catalogue may have changed since the last job
    this.riverByStation = new Map((await this.catalogue.all()).map((s) => [s.code, s.river]));
    try {
      const outcome = await this.replay(job);
      if (outcome === 'finished') {
        const latest = (await this.repo.get(job.id)) ?? job;
        const report = await this.reports.build({ ...latest, state: 'completed' });
        await this.repo.finish(job.id, this.owner, 'completed', report, null);
        this.logger.log({ replay: job.id, messages: report.messagesReplayed }, 'replay completed');
      } else {
        await this.repo.release(job.id, this.owner);
      }
    } catch (error) {
      this.logger.error({ err: error, replay: job.id }, 'replay failed');
      if (this.stopping) {
        await this.repo.release(job.id, this.owner).catch(() => undefined);
        return;
      }
      await this.repo
        .finish(job.id, this.owner, 'failed', null, String((error as Error).message).slice(0, 2000))
        .catch((e: unknown) => this.logger.error({ err: e }, 'could not mark the replay failed'));
    }
  }

  /** Returns 'finished' when the range is done, 'stopped' when paused, cancelled, lost or shutting down. */
  private async replay(job: ReplayJobRow): Promise<'finished' | 'stopped'> {
    const speed = job.speed ?? undefined;
    const pageSize = speed === undefined ? MAX_BATCH : PACED_BATCH * 4;
    const counters: ReplayCounters = { ...job.counters, classes: { ...job.counters.classes } };
    let after: Cursor = job.checkpoint_id
      ? { id: job.checkpoint_id, receivedAt: job.checkpoint_received_at! }
      : null;
    let buffer: JournalEntry[] = [];
    let exhausted = false;
    let prefetch: Promise<JournalEntry[]> | undefined;
    let anchor: PaceAnchor | undefined;
    let lastBeat = Date.now();
    let lastCheckpoint = Date.now();
    while (true) {
      if (this.stopping) return 'stopped';
      if (buffer.length === 0) {
        if (exhausted) return 'finished';
        buffer = await (prefetch ?? this.repo.journalPage(job, after, pageSize));
        prefetch = undefined;
        exhausted = buffer.length < pageSize;
        if (buffer.length === 0) return 'finished';
        // as fast as possible: read the next page while this one is processed and written
        if (!exhausted && speed === undefined) {
          const last = buffer[buffer.length - 1];
          prefetch = this.repo.journalPage(job, { id: last.id, receivedAt: last.receivedAt }, pageSize);
          prefetch.catch(() => undefined);
        }
      }
      let n = buffer.length;
      if (speed !== undefined) {
        anchor ??= { wallMs: Date.now(), receivedMs: buffer[0].receivedAt.getTime() };
        const times = buffer.slice(0, PACED_BATCH).map((e) => e.receivedAt.getTime());
        n = countDue(anchor, times, speed, Date.now(), PACED_BATCH);
        if (n === 0) {
          const wait = dueAtMs(anchor, times[0], speed) - Date.now();
          await sleep(Math.min(Math.max(wait, 1), HEARTBEAT_MS / 2));
          if (Date.now() - lastBeat >= HEARTBEAT_MS) {
            lastBeat = Date.now();
            const state = await this.repo.checkpoint(job.id, this.owner, LEASE_MS, null, 0, counters);
            if (state !== 'running') return 'stopped';
          }
          continue;
        }
      }
      const batch = buffer.splice(0, n);
      const started = performance.now();
      await this.process(job, batch, counters);
      const elapsed = performance.now() - started;
      counters.elapsedMs = (counters.elapsedMs ?? 0) + elapsed;
      counters.rate = nextRate(
        counters.rate ?? null,
        batch.length,
        speed === undefined ? elapsed : Date.now() - lastCheckpoint,
      );
      lastBeat = lastCheckpoint = Date.now();
      const last = batch[batch.length - 1];
      after = { id: last.id, receivedAt: last.receivedAt };
      const state = await this.repo.checkpoint(job.id, this.owner, LEASE_MS, after, batch.length, counters);
      if (state !== 'running') return 'stopped';
    }
  }

  private async process(job: ReplayJobRow, batch: JournalEntry[], counters: ReplayCounters): Promise<void> {
    const messages = batch.map((e) => e.message);
    if (job.target === 'mqtt') {
      await this.republish(job, messages);
      counters.published = (counters.published ?? 0) + messages.length;
      return;
    }
    const stations = await this.stationsOf(messages);
    const result = processMessages(messages, { station: (code) => stations.get(code) });
    const classes = (counters.classes ??= {});
    if (job.target === 'sandbox') {
      // Independent work, at once: compare with live, write the run's rows, run the rules. Every sample
      // goes to the engine, also in a batch redone after a crash (its rows may be stored already): the
      // engine skips what its rule state has seen.
      const [live, fresh] = await Promise.all([
        this.repo.liveClasses(result.samples),
        this.writeSandbox(job, result, batch),
        job.evaluate_rules
          ? this.sandboxCases.handle(result.samples, runIdOf(job.id), job.rule_set ?? undefined)
          : undefined,
      ]);
      addClassChanges(classes, result.samples, live);
      this.count(counters, fresh);
      return;
    }
    // live: compare before writing (afterwards live would hold the replayed rows themselves), and only
    // samples live never stored reach the rules, so nothing already evaluated (and notified) is again
    addClassChanges(classes, result.samples, await this.repo.liveClasses(result.samples));
    await this.repo.insertDeadLetters(this.repo.db, job.id, batch, result.deadLetters);
    const fresh = await this.writeLive(result);
    this.count(counters, fresh);
    await this.evaluate(fresh, { source: 'live' });
  }

  private count(counters: ReplayCounters, fresh: GradedSample[]): void {
    counters.samples = (counters.samples ?? 0) + fresh.length;
    counters.readings =
      (counters.readings ?? 0) + fresh.reduce((n, s) => n + Object.keys(s.values).length, 0);
  }

  /**
   * The case engine, a few rivers at once: rivers are independent for the rules (upstream attribution
   * stays within a river, and the engine orders a river's stations upstream first), and its
   * per-station transactions wait on round trips more than they use CPU.
   */
  private async evaluate(
    samples: GradedSample[],
    context: Parameters<CaseEngine['handle']>[1],
  ): Promise<void> {
    if (samples.length === 0) return;
    await Promise.all(this.riverLanes(samples, CASE_LANES).map((lane) => this.cases.handle(lane, context)));
  }

  /** Splits samples into `lanes` groups, whole rivers per group, each in (station, sampling time) order. */
  private riverLanes(samples: GradedSample[], lanes: number): GradedSample[][] {
    const byRiver = new Map<string, GradedSample[]>();
    for (const s of samples) {
      const river = this.riverByStation.get(s.station) ?? s.station;
      let list = byRiver.get(river);
      if (!list) byRiver.set(river, (list = []));
      list.push(s);
    }
    const out: GradedSample[][] = Array.from({ length: Math.min(lanes, byRiver.size) }, () => []);
    // biggest rivers first, each into the lightest lane
    for (const list of [...byRiver.values()].sort((a, b) => b.length - a.length)) {
      const lightest = out.reduce((min, lane) => (lane.length < min.length ? lane : min), out[0]);
      lightest.push(...list);
    }
    for (const lane of out)
      lane.sort((a, b) =>
        a.station < b.station ? -1 : a.station > b.station ? 1 : a.ts.getTime() - b.ts.getTime(),
      );
    return out.filter((lane) => lane.length > 0);
  }

  private async writeSandbox(
    job: ReplayJobRow,
    result: ProcessResult,
    batch: JournalEntry[],
  ): Promise<GradedSample[]> {
    const stored = await this.repo.insertSandbox(job.id, result.samples, result.deadLetters, batch);
    return result.samples.filter((s) => stored.has(`${s.station}|${s.ts.getTime()}`));
  }

  /** Live tables, one transaction, deduplicated like live ingestion (the journal is not appended to). */
  private async writeLive(result: ProcessResult): Promise<GradedSample[]> {
    const receivedAt = new Map<GradedSample, Date>();
    for (const a of result.accepted) for (const s of a.samples) receivedAt.set(s, a.message.receivedAt);
    await this.telemetry.prepare(result.readings);
    const stored = await this.repo.db.transaction(async (m) => {
      const keys = await this.repo.insertLiveSamples(m, result.samples, receivedAt);
      await this.telemetry.write(result.readings, m);
      return keys;
    });
    return result.samples.filter((s) => stored.has(`${s.station}|${s.ts.getTime()}`));
  }

  private async republish(job: ReplayJobRow, messages: RawMessage[]): Promise<void> {
    const prefix = job.mqtt!.topicPrefix;
    if (job.mqtt!.url) {
      const client = await this.externalClient(job.mqtt!.url);
      for (const m of messages) await client.publishAsync(`${prefix}/${m.topic}`, m.payload, { qos: 1 });
      return;
    }
    if (!this.broker) throw new Error('no in-process broker in this process: give the replay an MQTT url');
    const instance = this.broker.instance;
    for (const m of messages) {
      await new Promise<void>((resolve, reject) =>
        instance.publish(
          {
            cmd: 'publish',
            topic: `${prefix}/${m.topic}`,
            payload: m.payload,
            qos: 1,
            retain: false,
            dup: false,
          },
          (error) => (error ? reject(error) : resolve()),
        ),
      );
    }
  }

  private async externalClient(url: string): Promise<mqtt.MqttClient> {
    let client = this.mqttClients.get(url);
    if (!client) {
      client = await mqtt.connectAsync(url, {
        clientId: `river-replay-${randomUUID().slice(0, 8)}`,
        reconnectPeriod: 1000,
      });
      this.mqttClients.set(url, client);
    }
    return client;
  }

  private async stationsOf(messages: RawMessage[]): Promise<Map<string, StationInfo | undefined>> {
    const out = new Map<string, StationInfo | undefined>();
    for (const m of messages) {
      const code = m.topic.split('/')[1];
      if (code === undefined || out.has(code)) continue;
      if (!this.stationCache.has(code)) {
        if (this.stationCache.size > 10_000) this.stationCache.clear();
        this.stationCache.set(code, await this.stations.get(code));
      }
      out.set(code, this.stationCache.get(code));
    }
    return out;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
