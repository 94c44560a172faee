/**
 * Ingestion benchmark (issue 5): N nine-parameter readings published at full speed by ≥ 200 real MQTT
 * clients (one per device, QoS 1) against
 *   1. bare aedes (no hooks, no processing): the reference;
 *   2. the platform (device auth, group commit, PUBACK only after the batch is committed);
 *   3. the platform paced at 2,000 readings/s: publish-to-stored latency.
 * Reports durable throughput (messages and values/s), p50/p99 publish→PUBACK(=stored) latency and peak
 * RSS of the server process. Clients run in a worker thread (own event loop; same 2-core machine).
 * Database: DATABASE_URL if set, else an embedded PostgreSQL in a temp folder (fsync on).
 *
 * Run: `npm run bench:ingest` (N=50000 DEVICES=200 by default; keep runs short, the machine is shared).
 */
import { Aedes } from 'aedes';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { IngestMetrics } from '../libs/backend/src/ingestion/ingest-metrics';
import { load, provisionBenchDevices, startBenchSystem } from './ingest-harness';
import type { LoadResult, LoadSpec } from './ingest-load';
import { DataSource } from 'typeorm';

const N = Number(process.env.N ?? 50_000);
const DEVICES = Number(process.env.DEVICES ?? 200);
const WINDOW = Number(process.env.WINDOW ?? 20);
const PACED_SECONDS = Number(process.env.PACED_SECONDS ?? 5);

let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function bareAedes(devices: LoadSpec['devices']): Promise<LoadResult> {
  const broker = await Aedes.createBroker();
  const server = createServer((s) => broker.handle(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    return await load({
      port,
      devices,
      perDevice: Math.ceil(N / devices.length),
      window: WINDOW,
      rate: 0,
      tsBase: Date.now(),
    });
  } finally {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/**
 * CPU time (ms) used so far by the PostgreSQL server (postmaster and its children), when it runs on this
 * machine; the database's CPU per reading is what limits durable throughput on 2 shared cores.
 */
async function postgresCpuMeter(db: DataSource): Promise<() => number | undefined> {
  const [{ dir }] = (await db.query(`SELECT current_setting('data_directory') AS dir`)) as Array<{
    dir: string;
  }>;
  let master: number;
  try {
    master = Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return () => undefined; // not on this machine (DATABASE_URL elsewhere)
  }
  const ticksPerMs = 100 / 1000; // USER_HZ
  return () => {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        if (Number(pid) === master || Number(fields[1]) === master)
          ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / ticksPerMs;
  };
}

/** ms until the case-sink feeder's cursor is past every stored sample (sink_cursor, docs/INGESTION.md). */
async function caseWorkflowCaughtUp(db: DataSource): Promise<number> {
  const started = performance.now();
  for (;;) {
    const [{ left }] = (await db.query(
      `SELECT count(*)::int AS left FROM graded_sample g, sink_cursor c
        WHERE c.name = 'cases' AND g.commit_xid >= c.commit_xid
          AND (g.commit_xid, g.station_code, g.ts) > (c.commit_xid, c.station_code, c.ts)`,
    )) as Array<{ left: number }>;
    if (left === 0) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const sys = await startBenchSystem('ingest');
  try {
    const devices = await provisionBenchDevices(sys, DEVICES);
    const perDevice = Math.ceil(N / DEVICES);

    const db = sys.app.get(DataSource, { strict: false });
    const pgCpu = await postgresCpuMeter(db);
    const bare = await bareAedes(devices);
    const pgCpuBefore = pgCpu();
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const full = await load({
      port: sys.mqttPort!,
      devices,
      perDevice,
      window: WINDOW,
      rate: 0,
      tsBase: Date.UTC(2026, 10, 1),
    });
    const peakFull = peakRss;
    const caseLagMs = await caseWorkflowCaughtUp(db);
    const pgCpuAfter = pgCpu();
    const pgCpuInfo =
      pgCpuBefore === undefined || pgCpuAfter === undefined
        ? 'PostgreSQL CPU: not measured (server not on this machine)'
        : `PostgreSQL CPU: ${((pgCpuAfter - pgCpuBefore) / (full.acked / 1000)).toFixed(0)} ms per 1,000 readings (stored + case workflow)`;
    const m = sys.app.get(IngestMetrics, { strict: false });
    const batchInfo = `${m.batches} batches, mean ${(m.messagesAccepted / m.batches).toFixed(0)} msgs/batch, commit ${(m.commitMsTotal / m.batches).toFixed(1)} ms/batch, processing ${(m.processMsTotal / m.batches).toFixed(1)} ms/batch`;
    const paced = await load({
      port: sys.mqttPort!,
      devices,
      perDevice: Math.ceil((2000 * PACED_SECONDS) / DEVICES),
      window: WINDOW,
      rate: 2000,
      tsBase: Date.UTC(2026, 9, 1),
    });

    const rate = (r: LoadResult) => (r.acked * 1000) / r.elapsedMs;
    console.log(
      `\nIngestion benchmark — ${DEVICES} devices, ${fmt(full.sent)} readings × 9 values, window ${WINDOW}/client`,
    );
    console.log(
      `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, node ${process.version}`,
    );
    console.log('| run | readings/s | values/s | p50 ms | p99 ms | max ms |');
    console.log('|---|---:|---:|---:|---:|---:|');
    console.log(
      `| bare aedes (no processing) | ${fmt(rate(bare))} | — | ${bare.p50.toFixed(1)} | ${bare.p99.toFixed(1)} | ${bare.max.toFixed(1)} |`,
    );
    console.log(
      `| platform, full speed (ack = stored) | ${fmt(rate(full))} | ${fmt(rate(full) * 9)} | ${full.p50.toFixed(1)} | ${full.p99.toFixed(1)} | ${full.max.toFixed(1)} |`,
    );
    console.log(
      `| platform, paced 2,000/s | ${fmt(rate(paced))} | ${fmt(rate(paced) * 9)} | ${paced.p50.toFixed(1)} | ${paced.p99.toFixed(1)} | ${paced.max.toFixed(1)} |`,
    );
    console.log(`full-speed run: ${batchInfo}`);
    console.log(
      `case workflow (fed from graded_sample): every sample handed over ${fmt(caseLagMs)} ms after the last ack`,
    );
    console.log(pgCpuInfo);
    console.log(
      `end-to-end / bare: ${((100 * rate(full)) / rate(bare)).toFixed(0)} %; server peak RSS ${fmt(peakFull / 1048576)} MiB (before: ${fmt(rssBefore / 1048576)} MiB)`,
    );
  } finally {
    clearInterval(rssTimer);
    await sys.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
