import type { MqttClient } from 'mqtt';
import type { RunningSystem } from '../../libs/backend/src/bootstrap/start-system';
import { ExternalBrokerConsumer } from '../../libs/backend/src/ingestion/external/external-broker.consumer';
import { TELEMETRY_STORE, type TelemetryStore } from '../../libs/backend/src/telemetry/telemetry-store';
import { createTestDatabase } from '../setup/test-database';
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
  storedAll,
  storedCounts,
  withPg,
} from './support/external-kit';

/**
 * Scale-out against this machine's Mosquitto: two ingestion processes (in-process `startSystem`, role
 * ingest, MQTT_URL set: no aedes) consume one shared subscription. Isolation from other runs: a unique
 * topic prefix, share group and client ids per run; the consumers' persistent sessions are discarded after.
 */
describe('ingestion on an external broker (Mosquitto, shared subscription)', () => {
  const ns = runNamespace('scale');
  let databaseUrl: string;
  let systems: RunningSystem[] = [];
  let publisher: MqttClient;
  let stations: string[];
  let devices: string[];

  const consumer = (sys: RunningSystem) => sys.app.get(ExternalBrokerConsumer, { strict: false });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('scale_out');
    publisher = await connectPublisher(ns);
    systems = await startIngestPair(databaseUrl, ns);
    stations = await someStations(databaseUrl, 4);
    devices = await registerDevices(databaseUrl, stations, ns);
  });

  afterAll(async () => {
    for (const sys of systems) await sys.close().catch(() => undefined);
    await releaseBroker(ns, publisher);
  });

  it('does not start aedes and reports the broker connection in /health', async () => {
    for (const sys of systems) {
      expect(sys.mqttPort).toBeUndefined();
      const health = (await (await fetch(`http://127.0.0.1:${sys.httpPort}/health`)).json()) as {
        info?: Record<string, { status: string; mode?: string }>;
      };
      expect(health.info?.broker).toMatchObject({ status: 'up', mode: 'external' });
    }
  });

  it('stores every message exactly once and splits the load between the two processes', async () => {
    const messages = planReadings(ns, stations, devices, 600);
    const before = systems.map((s) => consumer(s).received);
    // derived graded samples come back on the external broker (platform/readings/{station}, QoS 0)
    const derived: unknown[] = [];
    await publisher.subscribeAsync(`${ns.prefix}platform/readings/+`, { qos: 0 });
    publisher.on('message', (topic, payload) => {
      if (topic.startsWith(`${ns.prefix}platform/readings/`))
        derived.push(...(JSON.parse(payload.toString()) as unknown[]));
    });
    await publishAll(publisher, messages);
    expect(
      await eventually(async () => (await storedCounts(databaseUrl, messages)).distinct === 600, 60_000),
    ).toBe(true);
    expect(await storedCounts(databaseUrl, messages)).toEqual({ distinct: 600, rows: 600 });
    // the telemetry (PostgreSQL adapter here, no INFLUX_URL) through the port: 3 parameters × 150 readings
    const store = systems[0].app.get<TelemetryStore>(TELEMETRY_STORE, { strict: false });
    const times = messages.filter((m) => m.station === stations[0]).map((m) => m.ts);
    const series = await store.series({
      station: stations[0],
      from: new Date(Math.min(...times)),
      to: new Date(Math.max(...times) + 1),
      interval: 'raw',
    });
    expect(series.map((x) => [x.parameter, x.points.length]).sort()).toEqual([
      ['do', 150],
      ['nh3n', 150],
      ['ph', 150],
    ]);
    await eventually(async () => derived.length >= 600, 5000);
    expect(derived.length).toBe(600);
    const share = systems.map((s, i) => consumer(s).received - before[i]);
    expect(share[0] + share[1]).toBeGreaterThanOrEqual(600);
    // Mosquitto hands shared-subscription messages round-robin: each process must have had a real share.
    expect(Math.min(...share)).toBeGreaterThan(600 * 0.2);
  });

  it('dead-letters a payload whose device is unregistered or belongs to another station', async () => {
    const [a, b] = stations;
    const ts = new Date(Date.now() - 7200_000).toISOString();
    await publisher.publishAsync(
      `${ns.prefix}river/${a}/reading`,
      JSON.stringify({ v: 1, device: `ghost-${ns.id}`, ts, values: { ph: 7 } }),
      { qos: 1 },
    );
    await publisher.publishAsync(
      `${ns.prefix}river/${a}/reading`,
      JSON.stringify({ v: 1, device: devices[1], ts, values: { ph: 7 } }),
      { qos: 1 },
    );
    const deadLetters = () =>
      withPg(databaseUrl, async (pg) => {
        const r = await pg.query<{ reason: string; detail: string }>(
          `SELECT reason, detail FROM dead_letter WHERE station_code = $1 AND reason = 'wrong_station' ORDER BY id`,
          [a],
        );
        return r.rows;
      });
    expect(await eventually(async () => (await deadLetters()).length === 2, 15_000)).toBe(true);
    // the two messages may be handled by different processes: order is not guaranteed
    const details = (await deadLetters()).map((r) => r.detail).sort();
    expect(details).toEqual([
      expect.stringContaining(`device ${devices[1]} belongs to ${b}`),
      expect.stringContaining(`device ghost-${ns.id} belongs to (unregistered device)`),
    ]);
    const stored = await withPg(databaseUrl, (pg) =>
      pg.query('SELECT 1 FROM graded_sample WHERE station_code = $1 AND ts = $2', [a, ts]),
    );
    expect(stored.rowCount).toBe(0);
  });

  it('acknowledges to the broker only after the commit (PUBACK held while the table is locked)', async () => {
    const pubacks: number[] = [];
    const listeners = systems.map((sys) => {
      const client = consumer(sys).mqttClient!;
      const onSend = (packet: { cmd: string; messageId?: number }) => {
        if (packet.cmd === 'puback') pubacks.push(packet.messageId ?? -1);
      };
      client.on('packetsend', onSend);
      return () => client.off('packetsend', onSend);
    });
    const [message] = planReadings(ns, [stations[0]], [devices[0]], 1).map((m) => ({
      ...m,
      ts: m.ts - 86_400_000,
      payload: m.payload.replace(/"ts":"[^"]+"/, `"ts":"${new Date(m.ts - 86_400_000).toISOString()}"`),
    }));
    await withPg(databaseUrl, async (locker) => {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE graded_sample IN SHARE MODE');
      try {
        await publisher.publishAsync(message.topic, message.payload, { qos: 1 });
        await new Promise((r) => setTimeout(r, 1500));
        expect(pubacks).toEqual([]);
      } finally {
        await locker.query('COMMIT');
      }
    });
    expect(await eventually(async () => pubacks.length === 1, 10_000, 50)).toBe(true);
    expect(await storedCounts(databaseUrl, [message])).toEqual({ distinct: 1, rows: 1 });
    for (const off of listeners) off();
  });

  it('a process stopped gracefully mid-stream leaves the group and hands nothing over unacknowledged', async () => {
    // scale-down: no restart under the same client id, so anything it kept unacknowledged would be lost
    const messages = planReadings(ns, stations, devices, 600).map((m) => {
      const ts = m.ts - 30 * 86_400_000;
      return { ...m, ts, payload: m.payload.replace(/"ts":"[^"]+"/, `"ts":"${new Date(ts).toISOString()}"`) };
    });
    const publishing = publishAll(publisher, messages, 400);
    await new Promise((r) => setTimeout(r, 600));
    const leaving = systems.pop()!;
    const receivedBeforeLeaving = consumer(leaving).received;
    await leaving.close();
    await publishing;
    expect(await storedAll(databaseUrl, messages, 30_000)).toEqual({
      complete: true,
      distinct: 600,
      rows: 600,
    });
    expect(receivedBeforeLeaving).toBeGreaterThan(0);
  });
});
