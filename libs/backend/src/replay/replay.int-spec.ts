import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { BrokerService } from '../broker/broker.service';
import { EventsService } from '../events/events.service';
import { loginAs } from '../identity/testing/login-as';
import { IngestPipeline } from '../ingestion/ingest-pipeline.service';
import { connectDevice, createDevice, publishQos1, readingPayload } from '../ingestion/ingestion-test-kit';
import type { ReplayReport } from './replay-report';

const STATION = 'CQ-LMQ'; // 联盟桥, target III
const T0 = Date.now() - 48 * 3_600_000;
const at = (i: number) => new Date(T0 + i * 4 * 3_600_000).toISOString();
// NH3-N exceeds Class III (1.0) at readings 1 and 3, never twice in a row: live opens no case (N = 2)
const NH3N = [0.3, 1.2, 0.3, 1.3, 0.3, 0.3];

const dirs: string[] = [];
function start(databaseUrl: string): Promise<RunningSystem> {
  const dir = mkdtempSync(join(tmpdir(), 'river-replay-'));
  dirs.push(dir);
  return startSystem({
    role: 'all',
    env: { DATABASE_URL: databaseUrl, HTTP_PORT: '0', MQTT_PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dir },
  });
}

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function api(sys: RunningSystem, token: string) {
  const http = () => request(sys.app.getHttpServer());
  const auth = { Authorization: `Bearer ${token}` };
  return {
    create: (body: object) => http().post('/api/v1/replays').set(auth).send(body),
    get: (path: string) => http().get(path).set(auth),
    post: (path: string) => http().post(path).set(auth),
    del: (path: string) => http().delete(path).set(auth),
    /** waits for the job to stop and returns its JSON report */
    async finished(id: string): Promise<ReplayReport> {
      await until(async () => {
        const res = await http().get(`/api/v1/replays/${id}`).set(auth);
        if (res.body.state === 'failed') throw new Error(`replay failed: ${res.body.error}`);
        return res.body.state === 'completed' ? true : undefined;
      }, `replay ${id}`);
      return (await http().get(`/api/v1/replays/${id}/report`).set(auth)).body as ReplayReport;
    },
  };
}

async function counts(db: DataSource) {
  const [row] = await db.query(`SELECT
    (SELECT count(*)::int FROM reading) AS readings,
    (SELECT count(*)::int FROM graded_sample) AS samples,
    (SELECT count(*)::int FROM river_case WHERE run_id IS NULL) AS cases,
    (SELECT count(*)::int FROM case_event e JOIN river_case c ON c.id = e.case_id WHERE c.run_id IS NULL) AS events,
    (SELECT count(*)::int FROM message_journal) AS journal,
    (SELECT count(*)::int FROM dead_letter) AS dead_letters`);
  return row as Record<string, number>;
}

describe('replay of recorded device data (real PostgreSQL, MQTT, HTTP)', () => {
  let sys: RunningSystem;
  let db: DataSource;
  let client: ReturnType<typeof api>;
  let token: string;
  const range = { from: new Date(Date.now() - 60_000).toISOString(), to: '' };

  beforeAll(async () => {
    sys = await start(await createTestDatabase('replay'));
    db = sys.app.get(DataSource);
    token = (await loginAs(sys, 'operator')).token;
    client = api(sys, token);
    // a small scenario, live, over MQTT with a real device
    const device = await createDevice(sys, STATION);
    const mqtt = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
    for (const [i, nh3n] of NH3N.entries())
      await publishQos1(
        mqtt,
        `river/${STATION}/reading`,
        readingPayload(device.deviceId, at(i), { ph: 7.4, do: 7, nh3n }, i),
      );
    await mqtt.endAsync();
    await until(async () => {
      const [s] = await db.query(
        `SELECT last_ts FROM station_alert_state WHERE station = $1 AND run_id = ''`,
        [STATION],
      );
      return s && new Date(s.last_ts).toISOString() === at(NH3N.length - 1) ? true : undefined;
    }, 'the live case engine');
    range.to = new Date(Date.now() + 60_000).toISOString();
  });

  afterAll(async () => {
    await sys?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a sandbox replay reproduces the live classes exactly and keeps its results apart', async () => {
    const before = await counts(db);
    const created = await client.create({ ...range, stations: [STATION], target: 'sandbox', speed: 'max' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'queued',
      target: 'sandbox',
      progress: { total: NH3N.length },
    });
    const report = await client.finished(created.body.id);
    expect(report).toMatchObject({
      messagesReplayed: NH3N.length,
      samplesWritten: NH3N.length,
      readingsWritten: NH3N.length * 3,
      deadLetters: { total: 0 },
      classChanges: [{ station: STATION, samples: NH3N.length, compared: NH3N.length, changed: 0 }],
      cases: { wouldOpen: 0, extra: 0 },
    });
    const mismatches = await db.query(
      `SELECT r.ts FROM replay_sample r LEFT JOIN graded_sample g ON g.station_code = r.station AND g.ts = r.ts
       WHERE r.run_id = $1 AND (g.ts IS NULL OR g.overall IS DISTINCT FROM r.overall OR g.classes <> r.classes::jsonb)`,
      [created.body.id],
    );
    expect(mismatches).toEqual([]);
    expect(await counts(db)).toEqual(before);

    const table = await client.get(`/api/v1/replays/${created.body.id}/report?format=table`);
    expect(table.headers['content-type']).toMatch(/^text\/plain/);
    expect(table.text).toMatch(new RegExp(`${STATION}\\s+6\\s+6\\s+0`));
    const plot = await client.get(
      `/api/v1/replays/${created.body.id}/plot.svg?station=${STATION}&parameter=nh3n`,
    );
    expect(plot.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(String(plot.body ?? plot.text)).toBeTruthy();
    const list = await client.get('/api/v1/replays?limit=10');
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(created.body.id);
  });

  it('a stricter rule set reports the extra case it would open, without notifying; deleting removes it', async () => {
    const published: string[] = [];
    const subscription = sys.app.get(EventsService).stream.subscribe((e) => published.push(e.type));
    const created = await client.create({
      ...range,
      rivers: ['新盛河'],
      target: 'sandbox',
      ruleSet: { name: 'N=1', override: { sustainedReadings: 1 } },
    });
    const report = await client.finished(created.body.id);
    subscription.unsubscribe();
    expect(report.ruleSet).toBe('N=1');
    expect(report.cases.extra).toBeGreaterThanOrEqual(1);
    expect(report.cases.opened[0]).toMatchObject({
      station: STATION,
      episode: 'pollution',
      openedAt: at(1),
      matchesLive: false,
    });
    expect(report.cases.opened[0].rules).toContain('sustained_exceedance');
    expect(published).toEqual([]);
    const [{ n: live }] = await db.query('SELECT count(*)::int AS n FROM river_case WHERE run_id IS NULL');
    expect(live).toBe(0);

    expect((await client.del(`/api/v1/replays/${created.body.id}`)).status).toBe(204);
    const [{ n: left }] = await db.query(
      `SELECT (SELECT count(*) FROM river_case WHERE run_id = $1) + (SELECT count(*) FROM replay_sample WHERE run_id = $2) AS n`,
      [`replay-${created.body.id}`, created.body.id],
    );
    expect(Number(left)).toBe(0);
    expect((await client.get(`/api/v1/replays/${created.body.id}`)).status).toBe(404);
  });

  it('a live replay of already-ingested data changes nothing', async () => {
    // a live case first, so that "no duplicate cases, no repeated notifications" can fail
    const device = await createDevice(sys, 'CQ-U-XSH01');
    const mqtt = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
    for (const i of [0, 1, 2])
      await publishQos1(
        mqtt,
        'river/CQ-U-XSH01/reading',
        readingPayload(device.deviceId, at(i), { nh3n: 1.8 }),
      );
    await mqtt.endAsync();
    await until(async () => {
      const [c] = await db.query(`SELECT id FROM river_case WHERE station = 'CQ-U-XSH01' AND run_id IS NULL`);
      return c;
    }, 'the live case');
    const before = await counts(db);
    // one sample lost from the live tables (say, restored from an old backup): the replay puts it back
    await db.query('DELETE FROM reading WHERE station_code = $1 AND ts = $2', [STATION, at(5)]);
    await db.query('DELETE FROM graded_sample WHERE station_code = $1 AND ts = $2', [STATION, at(5)]);
    const published: string[] = [];
    const subscription = sys.app.get(EventsService).stream.subscribe((e) => published.push(e.type));
    const created = await client.create({ ...range, target: 'live' });
    const report = await client.finished(created.body.id);
    subscription.unsubscribe();
    expect(report).toMatchObject({
      messagesReplayed: NH3N.length + 3,
      readingsWritten: 3,
      samplesWritten: 1,
    });
    expect(report.classChanges).toEqual([
      { station: 'CQ-LMQ', samples: NH3N.length, compared: NH3N.length - 1, changed: 0 },
      { station: 'CQ-U-XSH01', samples: 3, compared: 3, changed: 0 },
    ]);
    expect(await counts(db)).toEqual(before);
    expect(published).toEqual([]);
  });

  it('pauses, resumes and cancels a paced replay; progress streams over SSE', async () => {
    // real time × 0.001: the messages published a few ms apart are seconds apart now
    const created = await client.create({ ...range, stations: [STATION], target: 'sandbox', speed: 0.001 });
    const id = created.body.id as string;
    const job = (path = '') => client.get(`/api/v1/replays/${id}${path}`);
    await until(async () => ((await job()).body.progress.done >= 1 ? true : undefined), 'the first message');
    expect((await client.post(`/api/v1/replays/${id}/pause`)).body.state).toBe('paused');
    await until(async () => {
      const [row] = await db.query('SELECT lease_owner FROM replay_job WHERE id = $1', [id]);
      return row.lease_owner === null ? true : undefined;
    }, 'the worker to let go');
    const done = (await job()).body.progress.done as number;
    expect(done).toBeLessThan(NH3N.length);
    expect((await client.post(`/api/v1/replays/${id}/pause`)).status).toBe(409);
    expect((await client.post(`/api/v1/replays/${id}/resume`)).body.state).toBe('queued');
    await until(async () => ((await job()).body.state === 'running' ? true : undefined), 'the resumed run');
    const cancelled = await client.post(`/api/v1/replays/${id}/cancel`);
    expect(cancelled.body.state).toBe('cancelled');
    const sse = await request(sys.app.getHttpServer())
      .get(`/api/v1/replays/${id}/events?access_token=${encodeURIComponent(token)}`)
      .buffer(true)
      .parse((res, callback) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => callback(null, text));
      });
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(sse.body).toContain('event: progress');
    expect(sse.body).toContain('"state":"cancelled"');
    expect((await job('/report')).body.messagesReplayed).toBeLessThan(NH3N.length);
  });

  it('republishes the raw messages under a topic prefix through the in-process broker', async () => {
    const broker = sys.app.get(BrokerService).instance;
    const received: Array<{ topic: string; payload: string }> = [];
    const deliver = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      received.push({ topic: packet.topic, payload: packet.payload.toString() });
      done();
    };
    await new Promise<void>((resolve) => broker.subscribe('replay-test/#', deliver, resolve));
    try {
      const created = await client.create({
        ...range,
        stations: [STATION],
        target: 'mqtt',
        mqtt: { topicPrefix: 'replay-test' },
      });
      const report = await client.finished(created.body.id);
      expect(report.mqtt).toEqual({ published: NH3N.length, topicPrefix: 'replay-test' });
      const journal: Array<{ payload: Buffer }> = await db.query(
        `SELECT payload FROM message_journal WHERE station_code = $1 ORDER BY received_at, id`,
        [STATION],
      );
      expect(received).toEqual(
        journal.map((j) => ({
          topic: `replay-test/river/${STATION}/reading`,
          payload: j.payload.toString(),
        })),
      );
    } finally {
      await new Promise<void>((resolve) => broker.unsubscribe('replay-test/#', deliver, resolve));
    }
    const underRiver = await client.create({ ...range, target: 'mqtt', mqtt: { topicPrefix: 'river/x' } });
    expect(underRiver.status).toBe(400);
  });

  it('refuses non-operators and bad bodies', async () => {
    const viewer = await loginAs(sys, 'viewer');
    const res = await request(sys.app.getHttpServer())
      .post('/api/v1/replays')
      .set('Authorization', `Bearer ${viewer.token}`)
      .send({ ...range, target: 'sandbox' });
    expect(res.status).toBe(403);
    const bad = await client.create({ from: range.to, to: range.from, target: 'mqtt', stations: ['NOPE'] });
    expect(bad.status).toBe(400);
  });
});

describe('replay durability', () => {
  it('a replay killed mid-way resumes after a restart and finishes with the same report', async () => {
    const url = await createTestDatabase('replay_restart');
    let sys = await start(url);
    const token = (await loginAs(sys, 'operator')).token;
    // six messages received a minute apart, through the real ingestion path
    const received0 = Date.now() - 10 * 60_000;
    for (const [i, nh3n] of NH3N.entries()) {
      await sys.app.get(IngestPipeline).submit({
        topic: `river/${STATION}/reading`,
        payload: Buffer.from(readingPayload('dev-1', at(i), { ph: 7.4, do: 7, nh3n }, i)),
        device: 'dev-1',
        deviceStation: STATION,
        receivedAt: new Date(received0 + i * 60_000),
        source: 'mqtt',
      });
    }
    const range = { from: new Date(received0 - 1000).toISOString(), to: new Date().toISOString() };
    // real time × 60: one message a second
    // a strict rule set, so that the resumed run must also carry its rule state across the restart
    const strict = { name: 'N=1', override: { sustainedReadings: 1 } };
    const slow = await api(sys, token).create({ ...range, target: 'sandbox', speed: 60, ruleSet: strict });
    const id = slow.body.id as string;
    const db = sys.app.get(DataSource);
    await until(async () => {
      const [j] = await db.query('SELECT done FROM replay_job WHERE id = $1', [id]);
      return Number(j.done) >= 2 ? true : undefined;
    }, 'two messages replayed');
    await sys.close();

    sys = await start(url);
    const client = api(sys, token);
    const [stopped] = await sys.app
      .get(DataSource)
      .query('SELECT state, done FROM replay_job WHERE id = $1', [id]);
    expect(stopped.state).toBe('running');
    expect(Number(stopped.done)).toBeLessThan(NH3N.length);
    try {
      const resumed = await client.finished(id);
      const reference = await client.finished(
        (await client.create({ ...range, target: 'sandbox', ruleSet: strict })).body.id,
      );
      expect(reference.cases.wouldOpen).toBeGreaterThan(0);
      const comparable = (r: ReplayReport) => ({
        messagesReplayed: r.messagesReplayed,
        readingsWritten: r.readingsWritten,
        samplesWritten: r.samplesWritten,
        deadLetters: r.deadLetters,
        classChanges: r.classChanges,
        cases: r.cases.opened.map(({ station, episode, rules, openedAt, wouldClose }) => ({
          station,
          episode,
          rules,
          openedAt,
          wouldClose,
        })),
      });
      expect(comparable(resumed)).toEqual(comparable(reference));
      expect(resumed.messagesReplayed).toBe(NH3N.length);
    } finally {
      await sys.close();
    }
  });
});
