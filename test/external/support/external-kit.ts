import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startSystem, type RunningSystem } from '../../../libs/backend/src/bootstrap/start-system';

/** This machine's Mosquitto service (CI has one too). Tests isolate themselves by topic prefix and share group. */
export const MOSQUITTO_URL = process.env.EXTERNAL_MQTT_URL ?? 'mqtt://127.0.0.1:1883';

/** A unique namespace per test run: topic prefix, share group and client ids never collide across runs. */
export function runNamespace(label: string) {
  const id = `${label}-${randomBytes(4).toString('hex')}`;
  return {
    id,
    prefix: `it/${id}/`,
    group: `g-${id}`,
    clientId: (n: number | string) => `river-it-${id}-${n}`,
  };
}

/** The environment of one ingestion process consuming from Mosquitto. */
export function ingestEnv(
  databaseUrl: string,
  ns: ReturnType<typeof runNamespace>,
  n: number | string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    MQTT_URL: MOSQUITTO_URL,
    MQTT_SHARE_GROUP: ns.group,
    MQTT_TOPIC_PREFIX: ns.prefix,
    INGEST_CLIENT_ID: ns.clientId(n),
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'river-ext-')),
    INGEST_BATCH_WAIT_MS: '5',
    ...extra,
  };
}

/** Two in-process ingestion processes (clients 1 and 2) sharing the run's subscription, started in turn. */
export async function startIngestPair(
  databaseUrl: string,
  ns: ReturnType<typeof runNamespace>,
  extra: Record<string, string> = {},
): Promise<RunningSystem[]> {
  return [
    await startSystem({ role: 'ingest', env: ingestEnv(databaseUrl, ns, 1, extra) }),
    await startSystem({ role: 'ingest', env: ingestEnv(databaseUrl, ns, 2, extra) }),
  ];
}

/** Fails fast (with the reason) when Mosquitto is not reachable, instead of timing out in every test. */
export async function connectPublisher(ns: ReturnType<typeof runNamespace>): Promise<MqttClient> {
  const client = mqtt.connect(MOSQUITTO_URL, {
    clientId: ns.clientId('pub'),
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', (error) =>
      reject(new Error(`Mosquitto at ${MOSQUITTO_URL} is not reachable (pgrep mosquitto): ${error.message}`)),
    );
  });
  return client;
}

/**
 * Removes the persistent sessions the consumers left on the shared Mosquitto (clean: false sessions
 * never expire with its default configuration): connecting with clean: true discards them.
 */
export async function discardSessions(clientIds: string[]): Promise<void> {
  for (const clientId of clientIds) {
    const client = mqtt.connect(MOSQUITTO_URL, {
      clientId,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    await new Promise<void>((resolve) => {
      client.once('connect', () => resolve());
      client.once('error', () => resolve());
      setTimeout(resolve, 3000);
    });
    await client.endAsync().catch(() => undefined);
  }
}

/** Teardown once the consumers are stopped: ends the publisher, discards consumers 1 and 2's sessions. */
export async function releaseBroker(
  ns: ReturnType<typeof runNamespace>,
  publisher: MqttClient | undefined,
): Promise<void> {
  await publisher?.endAsync().catch(() => undefined);
  await discardSessions([ns.clientId(1), ns.clientId(2)]);
}

export async function withPg<T>(url: string, action: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    return await action(pg);
  } finally {
    await pg.end();
  }
}

/** Registers one device per station directly in the registry (the external broker authenticates them). */
export async function registerDevices(
  url: string,
  stations: string[],
  ns: { id: string },
): Promise<string[]> {
  const devices = stations.map((s) => `dev-${ns.id}-${s}`);
  await withPg(url, (pg) =>
    pg.query(
      `INSERT INTO device (id, station_code, secret_hash) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [devices, stations, devices.map(() => 'unused: the external broker authenticates')],
    ),
  );
  return devices;
}

export async function someStations(url: string, count: number): Promise<string[]> {
  return withPg(url, async (pg) => {
    const rows = await pg.query<{ code: string }>('SELECT code FROM station ORDER BY code LIMIT $1', [count]);
    return rows.rows.map((r) => r.code);
  });
}

/** A planned message: one station, one sampling time (unique), a valid reading payload. */
export interface PlannedMessage {
  topic: string;
  payload: string;
  station: string;
  ts: number;
}

/** `count` readings spread over the stations, one minute apart per station, ending an hour ago. */
export function planReadings(
  ns: ReturnType<typeof runNamespace>,
  stations: string[],
  devices: string[],
  count: number,
): PlannedMessage[] {
  const end = Math.floor(Date.now() / 60_000) * 60_000 - 3600_000;
  const out: PlannedMessage[] = [];
  for (let i = 0; i < count; i++) {
    const s = i % stations.length;
    const ts = end - Math.floor(i / stations.length) * 60_000;
    out.push({
      topic: `${ns.prefix}river/${stations[s]}/reading`,
      station: stations[s],
      ts,
      payload: JSON.stringify({
        v: 1,
        device: devices[s],
        ts: new Date(ts).toISOString(),
        seq: i,
        values: { ph: 7 + (i % 10) / 10, do: 6 + (i % 5) / 5, nh3n: 0.2 },
      }),
    });
  }
  return out;
}

export async function publishAll(
  client: MqttClient,
  messages: PlannedMessage[],
  perSecond?: number,
): Promise<void> {
  const started = Date.now();
  for (let i = 0; i < messages.length; i++) {
    await client.publishAsync(messages[i].topic, messages[i].payload, { qos: 1 });
    if (perSecond) {
      const due = started + ((i + 1) * 1000) / perSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** Polls until `probe` returns true or the time is up; returns the last value of `probe`. */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** How many of the planned (station, ts) samples are stored, and how many rows they have (must be 1 each). */
export async function storedCounts(url: string, messages: PlannedMessage[]) {
  return withPg(url, async (pg) => {
    const { rows } = await pg.query<{ distinct_keys: string; rows: string }>(
      `SELECT count(DISTINCT (g.station_code, g.ts)) AS distinct_keys, count(*) AS rows
         FROM graded_sample g JOIN unnest($1::text[], $2::timestamptz[]) AS p(station, ts)
           ON g.station_code = p.station AND g.ts = p.ts`,
      [messages.map((m) => m.station), messages.map((m) => new Date(m.ts).toISOString())],
    );
    return { distinct: Number(rows[0].distinct_keys), rows: Number(rows[0].rows) };
  });
}

/** Waits until every planned message is stored: whether that happened in time, and the final counts. */
export async function storedAll(
  url: string,
  messages: PlannedMessage[],
  timeoutMs: number,
  everyMs?: number,
) {
  const complete = await eventually(
    async () => (await storedCounts(url, messages)).distinct === messages.length,
    timeoutMs,
    everyMs,
  );
  return { complete, ...(await storedCounts(url, messages)) };
}
