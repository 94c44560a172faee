import mqtt from 'mqtt';
import { Client } from 'pg';
import { createTestDatabase } from '../setup/test-database';
import { killSpawnedSystems, newDataDir, spawnSystem, type SpawnedSystem } from '../support/spawned-system';

/**
 * Crash safety of ingestion (issue 5): a device publishes QoS 1 readings with a persistent session
 * (clean: false; mqtt.js keeps unacknowledged publishes in its outgoing store and resends them after
 * reconnecting); the built server is killed with SIGKILL at a random point and restarted on the same
 * database and port. Every acknowledged reading must be stored, and every reading exactly once.
 * N = 3,000 here to keep the test short; `N=50000 npm run bench:ingest` covers volume.
 */
const N = 3000;

describe('ingestion survives kill -9 without losing or duplicating acknowledged readings', () => {
  afterAll(killSpawnedSystems);

  it('stores every acknowledged reading exactly once across a SIGKILL and restart', async () => {
    const databaseUrl = await createTestDatabase('ingest_sigkill');
    const env = {
      DATABASE_URL: databaseUrl,
      DATA_DIR: newDataDir(),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_OPERATOR_USER: 'sigkill-operator',
      BOOTSTRAP_OPERATOR_PASSWORD: 'a long enough passphrase 9',
    };
    let server: SpawnedSystem = await spawnSystem({ ...env, LOG_LEVEL: 'info' });
    const mqttPort = server.mqttPort!;
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: env.BOOTSTRAP_OPERATOR_USER,
        password: env.BOOTSTRAP_OPERATOR_PASSWORD,
      }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${server.baseUrl}/api/v1/stations/CQ-LMQ/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(created.status).toBe(201);
    const device = (await created.json()) as { deviceId: string; secret: string };

    const client = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
      clean: false,
      reconnectPeriod: 300,
      connectTimeout: 10_000,
    });
    client.on('error', () => undefined); // refused connections while the server is down
    await new Promise((resolve) => client.once('connect', resolve));

    const acked = new Set<number>();
    const base = Date.UTC(2026, 9, 1);
    const allAcked = new Promise<void>((resolve) => {
      for (let seq = 0; seq < N; seq++) {
        const payload = JSON.stringify({
          v: 1,
          device: device.deviceId,
          ts: new Date(base + seq * 60_000).toISOString(),
          seq,
          values: { ph: 7.4, do: 7.9, nh3n: 0.4 },
        });
        client.publish('river/CQ-LMQ/reading', payload, { qos: 1 }, (error) => {
          if (error) return;
          acked.add(seq);
          if (acked.size === N) resolve();
        });
      }
    });

    // kill -9 once part of the stream is acknowledged, at a random point
    const killAt = Math.floor(N * (0.1 + Math.random() * 0.6));
    while (acked.size < killAt) await new Promise((r) => setTimeout(r, 5));
    server.process.kill('SIGKILL');
    await server.exited;
    const ackedBeforeKill = [...acked];

    server = await spawnSystem({ ...env, MQTT_PORT: String(mqttPort) });
    await allAcked;
    client.end(true);

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = await db.query('SELECT seq::int AS seq FROM graded_sample WHERE device_id = $1', [
        device.deviceId,
      ]);
      const stored = rows.rows.map((r: { seq: number }) => r.seq);
      expect(stored).toHaveLength(N); // primary key (station, ts): at most once; N rows: every one
      expect(new Set(stored).size).toBe(N);
      const storedSet = new Set(stored);
      expect(ackedBeforeKill.every((seq) => storedSet.has(seq))).toBe(true);
      const readings = await db.query(
        "SELECT (count(v_ph) + count(v_do) + count(v_nh3n))::int AS n FROM reading WHERE station_code = 'CQ-LMQ'",
      );
      expect(readings.rows[0].n).toBe(3 * N);
    } finally {
      await db.end();
      await server.stop('SIGTERM');
    }
  });
});
