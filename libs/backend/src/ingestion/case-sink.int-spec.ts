import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/setup/test-database';
import type { RunningSystem } from '../bootstrap/start-system';
import { CaseEngine } from '../cases/case.engine';
import {
  connectDevice,
  createDevice,
  publishQos1,
  readingPayload,
  startIngestSystem,
} from './ingestion-test-kit';

/**
 * The case workflow is a durable consumer of committed graded samples (CaseSinkFeeder): a failing sink,
 * or a stop between the commit and the sink, never loses an evaluation, and a restart never repeats one.
 * Three NH3-N readings worse than Class V at one station open a pollution case.
 */
const T0 = Date.now() - 48 * 3_600_000;
const STATION = 'CQ-LMQ';
const polluted = (h: number) => new Date(T0 + h * 3_600_000).toISOString();

async function publishEpisode(sys: RunningSystem): Promise<void> {
  const device = await createDevice(sys, STATION);
  const client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
  try {
    for (const h of [0, 4, 8])
      await publishQos1(
        client,
        `river/${STATION}/reading`,
        readingPayload(device.deviceId, polluted(h), { ph: 7.5, do: 8, nh3n: 2.4 }),
      );
  } finally {
    client.end(true);
  }
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('case workflow fed from the database (real broker, real PostgreSQL)', () => {
  const systems: RunningSystem[] = [];
  const clients: Client[] = [];

  afterEach(async () => {
    jest.restoreAllMocks();
    for (const c of clients.splice(0)) await c.end();
    for (const s of systems.splice(0)) await s.close().catch(() => undefined);
  });

  async function start(url: string): Promise<RunningSystem> {
    const sys = await startIngestSystem(url);
    systems.push(sys);
    return sys;
  }
  async function connect(url: string) {
    const db = new Client({ connectionString: url });
    await db.connect();
    clients.push(db);
    const cases = async () =>
      (await db.query('SELECT id, episode FROM river_case WHERE station = $1 AND run_id IS NULL', [STATION]))
        .rows as Array<{ id: string; episode: string }>;
    const opened = async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) FROM case_event e JOIN river_case c ON c.id = e.case_id
              WHERE c.station = $1 AND c.run_id IS NULL AND e.kind = 'opened'`,
            [STATION],
          )
        ).rows[0].count,
      );
    const stored = async () =>
      Number(
        (await db.query('SELECT count(*) FROM graded_sample WHERE station_code = $1', [STATION])).rows[0]
          .count,
      );
    return { db, cases, opened, stored };
  }

  it('evaluates samples whose first hand-overs failed, without a new publish', async () => {
    const url = await createTestDatabase('case_sink_retry');
    const sys = await start(url);
    const { cases } = await connect(url);
    const engine = sys.app.get(CaseEngine, { strict: false });
    const original = engine.handle.bind(engine);
    let failures = 0;
    jest.spyOn(engine, 'handle').mockImplementation((samples, context) => {
      if (failures < 3) {
        failures++;
        return Promise.reject(new Error('Connection terminated (simulated)'));
      }
      return original(samples, context);
    });
    await publishEpisode(sys);
    const rows = await eventually(cases, (r) => r.length > 0);
    expect(failures).toBe(3);
    expect(rows).toEqual([expect.objectContaining({ episode: 'pollution' })]);
  });

  it('a stop between the commit and the sink: the next start opens the case', async () => {
    const url = await createTestDatabase('case_sink_stop');
    const first = await start(url);
    const { cases, stored } = await connect(url);
    const engine = first.app.get(CaseEngine, { strict: false });
    let unblock!: (error: Error) => void;
    const blocked = new Promise<void>((_, reject) => (unblock = reject));
    const handle = jest.spyOn(engine, 'handle').mockImplementation(() => blocked);
    await publishEpisode(first);
    expect(await eventually(stored, (n) => n === 3)).toBe(3);
    await eventually(
      async () => handle.mock.calls.length,
      (n) => n > 0,
    );
    // the process stops while the sink is stuck (the hand-over fails as the database goes away)
    const closing = first.close();
    unblock(new Error('stopped'));
    await closing;
    systems.splice(0);
    expect(await cases()).toEqual([]);

    await start(url);
    const rows = await eventually(cases, (r) => r.length > 0);
    expect(rows).toEqual([expect.objectContaining({ episode: 'pollution' })]);
  });

  it('a live run then a restart: exactly one case and one opened event', async () => {
    const url = await createTestDatabase('case_sink_once');
    const first = await start(url);
    const { db, cases, opened } = await connect(url);
    await publishEpisode(first);
    await eventually(cases, (r) => r.length > 0);
    await first.close();
    systems.splice(0);
    const cursor = async () =>
      (await db.query(`SELECT commit_xid::text AS x, ts FROM sink_cursor WHERE name = 'cases'`)).rows[0] as {
        x: string;
        ts: Date;
      };
    const before = await cursor();
    // the cursor is on the last sample: nothing is handed to the sink again
    expect(new Date(before.ts).toISOString()).toBe(new Date(polluted(8)).toISOString());

    await start(url);
    await new Promise((r) => setTimeout(r, 700));
    expect(await cursor()).toEqual(before);
    expect(await cases()).toHaveLength(1);
    expect(await opened()).toBe(1);
  });
});
