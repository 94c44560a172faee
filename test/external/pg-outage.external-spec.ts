import { execFileSync } from 'node:child_process';
import type { MqttClient } from 'mqtt';
import { Client } from 'pg';
import type { RunningSystem } from '../../libs/backend/src/bootstrap/start-system';
import { ExternalBrokerConsumer } from '../../libs/backend/src/ingestion/external/external-broker.consumer';
import {
  connectPublisher,
  eventually,
  planReadings,
  publishAll,
  registerDevices,
  releaseBroker,
  runNamespace,
  someStations,
  startIngestPair,
  storedCounts,
} from './support/external-kit';

/**
 * DESTRUCTIVE for anyone else using it: stops this machine's PostgreSQL SERVICE (not the embedded test
 * server) for PG_OUTAGE_SECONDS (default 5; CI sets 30) while two ingestion processes consume a steady
 * stream from Mosquitto, then starts it again (always, in `finally`). Proves: no message lost, each
 * stored once, acknowledgements resume, and what an ingestion process holds during the outage is bounded
 * (INGEST_BATCH_MAX=10 here, so at most 2 × 10 unacknowledged messages per process — the consumer then
 * stops reading its socket) — the rest waits in the broker. The broker's own memory is its business
 * (Mosquitto max_queued_messages, see docs/SCALING.md).
 */
const SERVICE_URL = process.env.PG_SERVICE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const OUTAGE_SECONDS = Number(process.env.PG_OUTAGE_SECONDS ?? '5');
const RATE = 20; // messages per second: 30 s of outage stays under Mosquitto's default queue of 1000 per client
const BATCH_MAX = 10;

function cluster(): { version: string; name: string } {
  const line = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
    .split('\n')
    .find((l) => /\s5432\s/.test(l));
  if (!line) throw new Error('no PostgreSQL cluster on port 5432 (pg_lsclusters)');
  const [version, name] = line.trim().split(/\s+/);
  return { version, name };
}

const pgctl = (action: 'stop' | 'start') => {
  const { version, name } = cluster();
  execFileSync('pg_ctlcluster', [version, name, action, ...(action === 'stop' ? ['-m', 'fast'] : [])], {
    stdio: 'inherit',
  });
};

describe(`PostgreSQL service outage (${OUTAGE_SECONDS} s) under two external-broker ingestion processes`, () => {
  const ns = runNamespace('pgout');
  let databaseUrl: string;
  let dbName: string;
  let systems: RunningSystem[] = [];
  let publisher: MqttClient;

  beforeAll(async () => {
    dbName = `river_pgout_${ns.id.replace(/[^a-z0-9]/g, '_')}`;
    const admin = new Client({ connectionString: SERVICE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(SERVICE_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
    publisher = await connectPublisher(ns);
    systems = await startIngestPair(databaseUrl, ns, { INGEST_BATCH_MAX: String(BATCH_MAX) });
  });

  afterAll(async () => {
    for (const sys of systems) await sys.close().catch(() => undefined);
    await releaseBroker(ns, publisher);
    const admin = new Client({ connectionString: SERVICE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  });

  it('loses nothing, stores each message once, resumes acks, holds a bounded number of messages', async () => {
    const stations = await someStations(databaseUrl, 4);
    const devices = await registerDevices(databaseUrl, stations, ns);
    const total = RATE * (OUTAGE_SECONDS + 6);
    const messages = planReadings(ns, stations, devices, total);
    const consumers = systems.map((s) => s.app.get(ExternalBrokerConsumer, { strict: false }));
    const pubacks = [0];
    for (const c of consumers) {
      c.mqttClient!.on('packetsend', (p: { cmd: string }) => {
        if (p.cmd === 'puback') pubacks[0]++;
      });
    }
    const heapBefore = process.memoryUsage().heapUsed;
    let maxHeld = 0;
    let maxHeap = 0;
    const sampler = setInterval(() => {
      maxHeld = Math.max(maxHeld, ...consumers.map((c) => c.unacknowledged));
      maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }, 50);

    const publishing = publishAll(publisher, messages, RATE);
    let acksAtStop = 0;
    let acksDuringOutage = 0;
    try {
      await new Promise((r) => setTimeout(r, 2000));
      acksAtStop = pubacks[0];
      pgctl('stop');
      await new Promise((r) => setTimeout(r, OUTAGE_SECONDS * 1000));
      acksDuringOutage = pubacks[0] - acksAtStop;
    } finally {
      pgctl('start');
    }
    await publishing;
    const complete = await eventually(
      async () => {
        try {
          return (await storedCounts(databaseUrl, messages)).distinct === total;
        } catch {
          return false; // the service is still starting
        }
      },
      60_000,
      500,
    );
    clearInterval(sampler);
    expect({ complete, ...(await storedCounts(databaseUrl, messages)) }).toEqual({
      complete: true,
      distinct: total,
      rows: total,
    });
    expect(acksAtStop).toBeGreaterThan(0);
    // a commit already past COMMIT when the server stopped may still ack; nothing else can
    expect(acksDuringOutage).toBeLessThanOrEqual(4 * BATCH_MAX);
    expect(await eventually(async () => pubacks[0] >= total, 10_000)).toBe(true);
    expect(consumers[0].maxUnacknowledged).toBe(2 * BATCH_MAX);
    // the outage's messages (RATE × OUTAGE_SECONDS, more than the limit) pushed against the bound
    expect(maxHeld).toBeLessThanOrEqual(2 * BATCH_MAX + 1);
    expect(maxHeld).toBeGreaterThan(BATCH_MAX);
    expect(maxHeap - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
