/**
 * Scale-out benchmark (issue 6): N nine-parameter readings published to this machine's Mosquitto
 * (127.0.0.1:1883, QoS 1) and consumed through one shared subscription by 1, then 2 built ingestion
 * processes (`node dist/apps/ingest/src/main.js`, MQTT_URL set, separate OS processes). Reports the
 * durable throughput: readings stored in PostgreSQL per second, from the first publish to the last row.
 *
 * Publishing is paced by what is stored (at most BACKLOG messages published and not yet stored):
 * Mosquitto's default max_queued_messages (1000 per client) silently drops QoS 1 messages queued for a
 * slow subscriber, so an unpaced publisher would measure the broker's drops, not the consumers.
 *
 * Database: a fresh database on DATABASE_URL's server (default: this machine's PostgreSQL service,
 * postgres://postgres@127.0.0.1:5432/postgres), dropped at the end.
 * Run: `npm run bench:scale-out` (N=20000 by default; keep it short, the machine is shared).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { Client } from 'pg';

const N = Number(process.env.N ?? 20_000);
const BACKLOG = Number(process.env.BACKLOG ?? 500);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MQTT_URL = process.env.EXTERNAL_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const ROOT = join(__dirname, '..');
const PARAMS = {
  temp: 18.2,
  ph: 7.6,
  do: 7.1,
  cond: 420,
  turb: 12,
  codmn: 3.4,
  nh3n: 0.42,
  tp: 0.08,
  tn: 1.1,
};

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return (await pg.query(sql, params)).rows as T[];
  } finally {
    await pg.end();
  }
}

function spawnIngest(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/ingest/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', MQTT_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('"msg":"system started"')) resolve(child);
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`ingest exited ${code}:\n${output.slice(-2000)}`)));
  });
}

async function run(processes: number, dbUrl: string, stations: string[]): Promise<number> {
  const id = randomBytes(4).toString('hex');
  const prefix = `bench/${id}/`;
  const group = `bench-${id}`;
  const clientIds = Array.from({ length: processes }, (_, i) => `river-bench-${id}-${i}`);
  const children: ChildProcess[] = [];
  for (const clientId of clientIds) {
    children.push(
      await spawnIngest({
        DATABASE_URL: dbUrl,
        MQTT_URL,
        MQTT_SHARE_GROUP: group,
        MQTT_TOPIC_PREFIX: prefix,
        INGEST_CLIENT_ID: clientId,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'river-bench-')),
      }),
    );
  }
  const devices = stations.map((s) => `bench-${id}-${s}`);
  await query(
    dbUrl,
    'INSERT INTO device (id, station_code, secret_hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
    [devices, stations, devices.map(() => 'unused')],
  );
  const before = Number((await query<{ n: string }>(dbUrl, 'SELECT count(*) AS n FROM graded_sample'))[0].n);
  const stored = async () =>
    Number((await query<{ n: string }>(dbUrl, 'SELECT count(*) AS n FROM graded_sample'))[0].n) - before;
  const publisher = await mqtt.connectAsync(MQTT_URL, { clientId: `river-bench-${id}-pub`, clean: true });
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 3600_000 - processes * 400 * 86_400_000;
  const started = Date.now();
  let done = 0;
  for (let i = 0; i < N; i++) {
    if (i - done > BACKLOG) {
      do {
        await new Promise((r) => setTimeout(r, 20));
        done = await stored();
      } while (i - done > BACKLOG);
    }
    const s = i % stations.length;
    const ts = new Date(base - Math.floor(i / stations.length) * 60_000).toISOString();
    const payload = JSON.stringify({ v: 1, device: devices[s], ts, seq: i, values: PARAMS });
    // QoS 1 with a window: publishAsync per message would measure the publisher's round trips
    publisher.publish(`${prefix}river/${stations[s]}/reading`, payload, { qos: 1 });
    if (i % 200 === 199) await new Promise((r) => setImmediate(r));
  }
  let last = -1;
  let lastChange = Date.now();
  while ((done = await stored()) < N) {
    if (done !== last) [last, lastChange] = [done, Date.now()];
    if (Date.now() - lastChange > 15_000)
      throw new Error(
        `${N - done} of ${N} never stored: did the broker drop them? (mosquitto.log, max_queued_messages)`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  await publisher.endAsync();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
  );
  for (const clientId of clientIds) {
    const c = await mqtt.connectAsync(MQTT_URL, { clientId, clean: true });
    await c.endAsync();
  }
  return N / seconds;
}

async function main(): Promise<void> {
  const dbName = `river_bench_${randomBytes(4).toString('hex')}`;
  await query(SERVER_URL, `CREATE DATABASE "${dbName}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  try {
    // the first process runs the migrations; stations come from the seeded catalogue
    const results: Array<[number, number]> = [];
    let stations: string[] = [];
    for (const processes of [1, 2]) {
      if (stations.length === 0) {
        const first = await spawnIngest({
          DATABASE_URL: dbUrl,
          MQTT_URL,
          INGEST_CLIENT_ID: `river-bench-migrate-${dbName}`,
          MQTT_SHARE_GROUP: `m-${dbName}`,
          MQTT_TOPIC_PREFIX: `bench/${dbName}/`,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'river-bench-')),
        });
        first.kill('SIGTERM');
        await new Promise((r) => first.once('exit', r));
        const c = await mqtt.connectAsync(MQTT_URL, {
          clientId: `river-bench-migrate-${dbName}`,
          clean: true,
        });
        await c.endAsync();
        stations = (
          await query<{ code: string }>(dbUrl, 'SELECT code FROM station ORDER BY code LIMIT 20')
        ).map((r) => r.code);
      }
      const rate = await run(processes, dbUrl, stations);
      results.push([processes, rate]);
      console.log(
        `${processes} ingestion process(es): ${Math.round(rate)} readings/s (${Math.round(rate * 9)} values/s)`,
      );
    }
    console.log(`speed-up 2 vs 1: ×${(results[1][1] / results[0][1]).toFixed(2)}`);
  } finally {
    await query(SERVER_URL, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
