import type { MqttClient } from 'mqtt';
import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/setup/test-database';
import type { RunningSystem } from '../bootstrap/start-system';
import {
  connectDevice,
  createDevice,
  publishQos1,
  readingPayload,
  startIngestSystem,
} from './ingestion-test-kit';

/**
 * The PUBACK of a QoS 1 reading goes out only after its batch is committed (SPEC §5). The store is
 * blocked with a table lock held by another connection; no PUBACK may arrive while it is held.
 */
describe('ingestion durability (real broker, real PostgreSQL)', () => {
  let sys: RunningSystem;
  let db: Client;
  let device: { deviceId: string; secret: string };
  let client: MqttClient;

  beforeAll(async () => {
    sys = await startIngestSystem(await createTestDatabase('ingest_durability'));
    db = new Client({ connectionString: sys.databaseUrl });
    await db.connect();
    device = await createDevice(sys);
    client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
  });

  afterAll(async () => {
    client?.end(true);
    await db?.end();
    await sys?.close();
  });

  const count = async (ts: string) =>
    Number(
      (
        await db.query('SELECT count(*) FROM graded_sample WHERE station_code = $1 AND ts = $2', [
          'CQ-LMQ',
          ts,
        ])
      ).rows[0].count,
    );

  it('acks a reading only after it is committed', async () => {
    const ts = '2026-11-20T08:00:00+08:00';
    await db.query('BEGIN');
    await db.query('LOCK TABLE graded_sample IN ACCESS EXCLUSIVE MODE');
    let acked = false;
    const ack = publishQos1(client, 'river/CQ-LMQ/reading', readingPayload(device.deviceId, ts)).then(
      () => (acked = true),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(acked).toBe(false);
    await db.query('COMMIT'); // releases the lock
    await ack;
    expect(await count(ts)).toBe(1);
  });

  it('holds acks while the store fails, resumes by itself, and loses nothing', async () => {
    // Make every insert into the journal fail for a while (a failing store, not just a slow one).
    await db.query(
      `CREATE OR REPLACE FUNCTION fail_journal() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'store down'; END $$ LANGUAGE plpgsql`,
    );
    await db.query(
      'CREATE TRIGGER fail_journal BEFORE INSERT ON message_journal FOR EACH STATEMENT EXECUTE FUNCTION fail_journal()',
    );
    const stamps = Array.from({ length: 50 }, (_, i) => new Date(Date.UTC(2026, 10, 21, 0, i)).toISOString());
    let acks = 0;
    const all = Promise.all(
      stamps.map((ts, i) =>
        publishQos1(client, 'river/CQ-LMQ/reading', readingPayload(device.deviceId, ts, undefined, i)).then(
          () => acks++,
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 2000));
    expect(acks).toBe(0);
    const before = process.memoryUsage().rss;
    await db.query('DROP TRIGGER fail_journal ON message_journal');
    await all;
    expect(acks).toBe(50);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const stored = await db.query(
      'SELECT count(*)::int AS n FROM graded_sample WHERE ts = ANY($1::timestamptz[])',
      [stamps],
    );
    expect(stored.rows[0].n).toBe(50);
    const readings = await db.query(
      'SELECT (count(v_ph) + count(v_do) + count(v_nh3n))::int AS n FROM reading WHERE ts = ANY($1::timestamptz[])',
      [stamps],
    );
    expect(readings.rows[0].n).toBe(150);
    const journal = await db.query('SELECT count(*)::int AS n FROM message_journal WHERE device_id = $1', [
      device.deviceId,
    ]);
    expect(journal.rows[0].n).toBeGreaterThanOrEqual(51);
  });

  it('acknowledges a duplicate without storing it twice, and journals it as a duplicate delivery', async () => {
    const ts = '2026-11-19T08:00:00+08:00';
    await publishQos1(client, 'river/CQ-LMQ/reading', readingPayload(device.deviceId, ts));
    await publishQos1(client, 'river/CQ-LMQ/reading', readingPayload(device.deviceId, ts));
    expect(await count(ts)).toBe(1);
    const readings = await db.query(
      'SELECT (count(v_ph) + count(v_do) + count(v_nh3n))::int AS n, count(*)::int AS rows FROM reading WHERE station_code = $1 AND ts = $2',
      ['CQ-LMQ', ts],
    );
    expect(readings.rows[0]).toEqual({ n: 3, rows: 1 });
    const journal = await db.query(`SELECT new_samples FROM message_journal WHERE payload = $1 ORDER BY id`, [
      Buffer.from(readingPayload(device.deviceId, ts)),
    ]);
    expect(journal.rows.map((r) => r.new_samples)).toEqual([1, 0]);
  });

  it('fills parameters missing at a sampling time but never stores a (station, parameter, time) twice', async () => {
    const ts = '2026-11-17T08:00:00+08:00';
    await publishQos1(client, 'river/CQ-LMQ/reading', readingPayload(device.deviceId, ts, { ph: 7.1 }));
    await publishQos1(
      client,
      'river/CQ-LMQ/reading',
      readingPayload(device.deviceId, ts, { ph: 9.9, tp: 0.05 }),
    );
    const row = await db.query('SELECT v_ph, v_tp, c_tp FROM reading WHERE station_code = $1 AND ts = $2', [
      'CQ-LMQ',
      ts,
    ]);
    expect(row.rows).toEqual([{ v_ph: 7.1, v_tp: 0.05, c_tp: 2 }]);
  });
});
