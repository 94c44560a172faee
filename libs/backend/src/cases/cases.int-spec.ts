import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { loginAs } from '../identity/testing/login-as';
import { EventsService } from '../events/events.service';
import { CaseEngine } from './case.engine';
import { gradedNh3n, hoursAfter } from './testing/graded';

const T0 = new Date(Date.now() - 48 * 3_600_000);

describe('cases (real PostgreSQL, HTTP)', () => {
  let sys: RunningSystem;
  let engine: CaseEngine;
  let db: DataSource;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-cases-'));

  beforeAll(async () => {
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('cases'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    engine = sys.app.get(CaseEngine);
    db = sys.app.get(DataSource);
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const live = { source: 'live' as const };
  const casesOf = (station: string) =>
    db.query('SELECT * FROM river_case WHERE station = $1 ORDER BY id', [station]);
  const http = () => request(sys.app.getHttpServer());

  it('concurrent batches for one station open exactly one case', async () => {
    const a = [gradedNh3n('CQ-LMQ', hoursAfter(T0, 0), 1.8), gradedNh3n('CQ-LMQ', hoursAfter(T0, 4), 1.9)];
    const b = [
      { ...a[1], duplicate: true },
      gradedNh3n('CQ-LMQ', new Date(hoursAfter(T0, 4).getTime() + 5), 1.9),
      gradedNh3n('CQ-LMQ', hoursAfter(T0, 8), 1.7),
    ];
    await Promise.all([engine.handle(a, live), engine.handle(b, live), engine.handle(a, live)]);
    const rows = await casesOf('CQ-LMQ');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      episode: 'pollution',
      state: 'open',
      joint: true,
      provinces: ['CQ', 'SC'],
    });
    // the case's times are sampling times (which batch won the station lock decides which reading completed N)
    const t4 = hoursAfter(T0, 4).getTime();
    expect([t4, t4 + 5]).toContain(new Date(rows[0].opened_at).getTime());
  });

  it('a late reading does not flip the state and a duplicate batch is idempotent', async () => {
    await engine.handle(
      [gradedNh3n('CQ-LMQ', hoursAfter(T0, 1), 0.3), gradedNh3n('CQ-LMQ', hoursAfter(T0, 2), 0.3)],
      live,
    );
    const [state] = await db.query(
      `SELECT last_ts FROM station_alert_state WHERE station = 'CQ-LMQ' AND run_id = ''`,
    );
    expect(new Date(state.last_ts).getTime()).toBe(hoursAfter(T0, 8).getTime());
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM case_event e JOIN river_case c ON c.id = e.case_id WHERE c.station = 'CQ-LMQ'`,
    );
    expect(count).toBe(1);
  });

  it('the joint case needs both sides to acknowledge and to confirm the close (HTTP)', async () => {
    const [row] = await casesOf('CQ-LMQ');
    const sc = await loginAs(sys, 'river_chief', { province: 'SC', level: 'district', district: '开江县' });
    const cq = await loginAs(sys, 'river_chief', { province: 'CQ', level: 'district', district: '梁平区' });
    const act = (token: string, action: string, body: object = {}) =>
      http().post(`/api/v1/cases/${row.id}/${action}`).set('Authorization', `Bearer ${token}`).send(body);

    const first = await act(sc.token, 'acknowledge', { note: '开江 received' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      state: 'open',
      acknowledgedBy: ['SC'],
      waitingFor: { acknowledge: ['CQ'] },
    });
    expect((await act(sc.token, 'acknowledge')).status).toBe(409);
    expect((await act(cq.token, 'acknowledge')).body.state).toBe('acknowledged');
    expect((await act(cq.token, 'close')).status).toBe(409);
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    expect((await act(cq.token, 'dispatch', { to: '梁平区生态环境局', deadline })).body.state).toBe(
      'dispatched',
    );
    expect(
      (await act(cq.token, 'resolve', { cause: '新盛镇 sewage overflow', action: 'pipe repaired' })).body
        .state,
    ).toBe('resolved');
    const half = await act(sc.token, 'close');
    expect(half.body).toMatchObject({
      state: 'resolved',
      closeConfirmedBy: ['SC'],
      waitingFor: { close: ['CQ'] },
    });
    expect((await act(cq.token, 'close')).body.state).toBe('closed');

    const detail = await http().get(`/api/v1/cases/${row.id}`).set('Authorization', `Bearer ${sc.token}`);
    expect(detail.status).toBe(200);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'side_acknowledged',
      'acknowledged',
      'dispatched',
      'resolved',
      'side_confirmed_close',
      'closed',
    ]);
    expect(detail.body.allowedActions).toEqual([]);
    expect(detail.body.timeline[1]).toMatchObject({
      actor: { province: 'SC', role: 'river_chief' },
      note: '开江 received',
    });
    await expect(db.query('UPDATE case_event SET note = $1', ['rewritten'])).rejects.toThrow(/append-only/);
  });

  it('a Sichuan chief cannot act on a Chongqing-internal case, nor see it', async () => {
    await engine.handle(
      [gradedNh3n('CQ-FSB', hoursAfter(T0, 0), 1.6), gradedNh3n('CQ-FSB', hoursAfter(T0, 4), 1.6)],
      live,
    );
    const [row] = await casesOf('CQ-FSB');
    expect(row).toMatchObject({ joint: false, provinces: ['CQ'] });
    const sc = await loginAs(sys, 'river_chief', { province: 'SC' });
    const refused = await http()
      .post(`/api/v1/cases/${row.id}/acknowledge`)
      .set('Authorization', `Bearer ${sc.token}`)
      .send({});
    expect(refused.status).toBe(403);
    const list = await http().get('/api/v1/cases').set('Authorization', `Bearer ${sc.token}`);
    expect(list.body.items.map((c: { station: string }) => c.station)).not.toContain('CQ-FSB');
    const cq = await loginAs(sys, 'river_chief', { province: 'CQ' });
    const ok = await http()
      .post(`/api/v1/cases/${row.id}/acknowledge`)
      .set('Authorization', `Bearer ${cq.token}`)
      .send({});
    expect(ok.body.state).toBe('acknowledged');
    const illegal = await http()
      .post(`/api/v1/cases/${row.id}/close`)
      .set('Authorization', `Bearer ${cq.token}`)
      .send({});
    expect(illegal.status).toBe(409);
  });

  it('a sustained instrument fault opens a fault case, not a pollution case', async () => {
    const faulty = (h: number) =>
      gradedNh3n('CQ-ZYX', hoursAfter(T0, h), 0.3, { flags: { nh3n: 'D' }, classes: { ph: 1, do: 2 } });
    await engine.handle([faulty(0), faulty(4), faulty(8)], live);
    const rows = await casesOf('CQ-ZYX');
    expect(rows.map((r: { episode: string }) => r.episode)).toEqual(['instrument_fault']);
  });

  it('the system proposes resolution when the section complies again, and reopens a resolved case', async () => {
    const at = (h: number, v: number) => gradedNh3n('CQ-JJDQ', hoursAfter(T0, h), v);
    await engine.handle([at(0, 1.8), at(4, 1.8)], live);
    const [row] = await casesOf('CQ-JJDQ');
    await engine.handle([at(8, 0.4), at(12, 0.4)], live);
    const kinds = async () =>
      (await db.query('SELECT kind FROM case_event WHERE case_id = $1 ORDER BY id', [row.id])).map(
        (e: { kind: string }) => e.kind,
      );
    expect(await kinds()).toEqual(['opened', 'finding_cleared', 'resolution_proposed']);
    const op = await loginAs(sys, 'operator');
    const post = (action: string, body: object = {}) =>
      http().post(`/api/v1/cases/${row.id}/${action}`).set('Authorization', `Bearer ${op.token}`).send(body);
    await post('acknowledge');
    expect((await post('resolve', { cause: 'x', action: 'y' })).body.state).toBe('resolved');
    await engine.handle([at(16, 1.9), at(20, 1.9)], live);
    const [reopened] = await casesOf('CQ-JJDQ');
    expect(reopened.state).toBe('open');
    expect((await kinds()).slice(-2)).toEqual(['finding_attached', 'reopened']);
    const comment = await http()
      .post(`/api/v1/cases/${row.id}/comments`)
      .set('Authorization', `Bearer ${op.token}`)
      .send({
        text: 'photo of the outfall',
        attachments: [{ url: 'https://example.org/a.jpg', name: 'outfall.jpg' }],
      });
    expect(comment.status).toBe(201);
  });

  it('lists cases with filters and pagination', async () => {
    const op = await loginAs(sys, 'operator');
    const get = (q: string) => http().get(`/api/v1/cases?${q}`).set('Authorization', `Bearer ${op.token}`);
    const joint = await get('joint=true');
    expect(joint.body.items.every((c: { joint: boolean }) => c.joint)).toBe(true);
    const page = await get('limit=1');
    expect(page.body.items).toHaveLength(1);
    const next = await get(`limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    expect((await get('state=closed')).body.items.map((c: { station: string }) => c.station)).toEqual([
      'CQ-LMQ',
    ]);
    expect((await get('state=bogus')).status).toBe(400);
  });

  it('a replay with a runId is a sandbox: own rule state and cases, no notifications, invisible to the API', async () => {
    const events = sys.app.get(EventsService);
    const publish = jest.spyOn(events, 'publish');
    try {
      const replay = { source: 'replay' as const, runId: 'run-1' };
      const samples = [
        gradedNh3n('CQ-ZYX', hoursAfter(T0, 0), 1.8),
        gradedNh3n('CQ-ZYX', hoursAfter(T0, 4), 1.8),
      ];
      await engine.handle(samples, replay);
      await engine.handle(samples, replay);
      const rows = await casesOf('CQ-ZYX');
      expect(rows.map((r: { episode: string; run_id: string | null }) => [r.episode, r.run_id])).toEqual([
        ['instrument_fault', null],
        ['pollution', 'run-1'],
      ]);
      expect(publish).not.toHaveBeenCalled();
      const op = await loginAs(sys, 'operator');
      const list = await http()
        .get('/api/v1/cases?station=CQ-ZYX')
        .set('Authorization', `Bearer ${op.token}`);
      expect(list.body.items.map((c: { episode: string }) => c.episode)).toEqual(['instrument_fault']);
      // the live rule state of the station is untouched by the replay
      const live = await db.query(
        `SELECT run_id FROM station_alert_state WHERE station = 'CQ-ZYX' ORDER BY run_id`,
      );
      expect(live.map((r: { run_id: string }) => r.run_id)).toEqual(['', 'run-1']);
    } finally {
      publish.mockRestore();
    }
  });

  it('per-station alert rule overrides (operator only)', async () => {
    const op = await loginAs(sys, 'operator');
    const chief = await loginAs(sys, 'river_chief');
    const put = await http()
      .put('/api/v1/stations/CQ-LMQ/alert-rules')
      .set('Authorization', `Bearer ${op.token}`)
      .send({ sustainedReadings: 3, noData: { cadenceMultiple: 4 } });
    expect(put.status).toBe(200);
    expect(put.body.effective).toMatchObject({
      sustainedReadings: 3,
      clearReadings: 3,
      noData: { enabled: true, cadenceMultiple: 4 },
    });
    // audited by the audit middleware (who, what, which station)
    let audited: Array<{ username: string; target: { code: string } }> = [];
    for (let i = 0; i < 50 && !audited.length; i++) {
      audited = await db.query(
        `SELECT username, target FROM audit_log WHERE action = 'PUT /api/v1/stations/:code/alert-rules' AND status = 200`,
      );
      if (!audited.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(audited[0]).toMatchObject({ username: op.principal.username, target: { code: 'CQ-LMQ' } });
    expect(
      (await http().get('/api/v1/stations/CQ-LMQ/alert-rules').set('Authorization', `Bearer ${chief.token}`))
        .status,
    ).toBe(403);
    expect(
      (
        await http()
          .put('/api/v1/stations/NOPE/alert-rules')
          .set('Authorization', `Bearer ${op.token}`)
          .send({})
      ).status,
    ).toBe(404);
    expect(
      (
        await http()
          .put('/api/v1/stations/CQ-LMQ/alert-rules')
          .set('Authorization', `Bearer ${op.token}`)
          .send({ sustainedReadings: 0 })
      ).status,
    ).toBe(400);
  });
});
