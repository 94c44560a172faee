import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { BrokerService } from '../broker/broker.service';
import { WebhookOutbox } from '../events/webhook-outbox.service';
import { verifySignature } from '../events/webhook-signature';
import { loginAs } from '../identity/testing/login-as';
import { CaseEngine } from './case.engine';
import { gradedNh3n, hoursAfter } from './testing/graded';

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('case scheduler and notifications (real PostgreSQL, MQTT, HTTP)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'river-sched-'));
  let databaseUrl: string;
  let sys: RunningSystem | undefined;
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: databaseUrl,
    HTTP_PORT: '0',
    MQTT_PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // 0.05 min = 3 s: short enough for a test, long enough to restart in between
    CASE_ACK_SLA_MINUTES: '0.05',
    SCHEDULER_INTERVAL_MS: '200',
    ...extra,
  });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('case_sched');
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('escalates an unacknowledged case after the SLA, also across a restart', async () => {
    sys = await startSystem({ role: 'all', env: env() });
    const now = Date.now();
    await sys.app
      .get(CaseEngine)
      .handle(
        [
          gradedNh3n('CQ-FSB', new Date(now - 8 * 3_600_000), 1.7),
          gradedNh3n('CQ-FSB', new Date(now - 4 * 3_600_000), 1.7),
        ],
        { source: 'live' },
      );
    const db = sys.app.get(DataSource);
    const [c] = await db.query(
      `SELECT id, escalation_level, next_due_at FROM river_case WHERE station = 'CQ-FSB'`,
    );
    expect(c.escalation_level).toBe('township');
    expect(new Date(c.next_due_at).getTime()).toBeGreaterThan(Date.now());
    await sys.close();
    sys = undefined;

    sys = await startSystem({ role: 'all', env: env() });
    const db2 = sys.app.get(DataSource);
    const escalated = await until(async () => {
      const rows = await db2.query(
        `SELECT data, note FROM case_event WHERE case_id = $1 AND kind = 'escalated' ORDER BY id`,
        [c.id],
      );
      return rows.length ? rows : undefined;
    }, 'escalation');
    expect(escalated[0].data).toMatchObject({ from: 'township', to: 'district', reason: 'ack_sla' });
    // acknowledging stops further escalation
    const op = await loginAs(sys, 'operator');
    await request(sys.app.getHttpServer())
      .post(`/api/v1/cases/${c.id}/acknowledge`)
      .set('Authorization', `Bearer ${op.token}`)
      .send({})
      .expect(200);
    const [after] = await db2.query('SELECT next_due_at FROM river_case WHERE id = $1', [c.id]);
    expect(after.next_due_at).toBeNull();
  });

  it('escalates a dispatch that passes its deadline', async () => {
    const s = sys!;
    const db = s.app.get(DataSource);
    const now = Date.now();
    await s.app
      .get(CaseEngine)
      .handle(
        [
          gradedNh3n('CQ-ZYX', new Date(now - 8 * 3_600_000), 1.7),
          gradedNh3n('CQ-ZYX', new Date(now - 4 * 3_600_000), 1.7),
        ],
        { source: 'live' },
      );
    const [c] = await db.query(`SELECT id FROM river_case WHERE station = 'CQ-ZYX'`);
    const op = await loginAs(s, 'operator');
    const post = (action: string, body: object) =>
      request(s.app.getHttpServer())
        .post(`/api/v1/cases/${c.id}/${action}`)
        .set('Authorization', `Bearer ${op.token}`)
        .send(body);
    await post('acknowledge', {}).expect(200);
    await post('dispatch', {
      to: '江津区生态环境局',
      deadline: new Date(Date.now() + 1000).toISOString(),
    }).expect(200);
    const escalated = await until(async () => {
      const [e] = await db.query(`SELECT data FROM case_event WHERE case_id = $1 AND kind = 'escalated'`, [
        c.id,
      ]);
      return e;
    }, 'dispatch escalation');
    expect(escalated.data).toMatchObject({ reason: 'dispatch_overdue', from: 'township', to: 'district' });
    const list = await request(s.app.getHttpServer())
      .get('/api/v1/cases?overdue=true')
      .set('Authorization', `Bearer ${op.token}`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('opens a no-data case when a station falls silent for more than 3 × cadence', async () => {
    const s = sys!;
    const db = s.app.get(DataSource);
    // 江津大桥 reports every 240 min; a multiple of 0.0002 makes "3 × cadence" about 3 s for the test
    const op = await loginAs(s, 'operator');
    await request(s.app.getHttpServer())
      .put('/api/v1/stations/CQ-JJDQ/alert-rules')
      .set('Authorization', `Bearer ${op.token}`)
      .send({ noData: { cadenceMultiple: 0.0002 } })
      .expect(200);
    await s.app
      .get(CaseEngine)
      .handle([gradedNh3n('CQ-JJDQ', new Date(Date.now() - 60_000), 0.3)], { source: 'live' });
    const [{ silence_due_at }] = await db.query(
      `SELECT silence_due_at FROM station_alert_state WHERE station = 'CQ-JJDQ'`,
    );
    expect(new Date(silence_due_at).getTime()).toBeGreaterThan(Date.now());
    const row = await until(async () => {
      const [r] = await db.query(
        `SELECT * FROM river_case WHERE station = 'CQ-JJDQ' AND episode = 'no_data'`,
      );
      return r;
    }, 'no-data case');
    expect(row.state).toBe('open');
    // the next reading clears the condition and the system proposes resolution
    await s.app.get(CaseEngine).handle([gradedNh3n('CQ-JJDQ', new Date(), 0.3)], { source: 'live' });
    const kinds = (
      await db.query('SELECT kind FROM case_event WHERE case_id = $1 ORDER BY id', [row.id])
    ).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['opened', 'finding_cleared', 'resolution_proposed']);
  });

  it('publishes case events on MQTT, SSE and signed webhooks', async () => {
    const s = sys!;
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    let failFirst = true;
    const hook: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failFirst) {
          failFirst = false; // the first delivery fails: the outbox must retry
          res.writeHead(503).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const op = await loginAs(s, 'operator');
    const created = await request(s.app.getHttpServer())
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${op.token}`)
      .send({ url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`, provinces: ['SC'] })
      .expect(201);
    const secret: string = created.body.secret;

    // MQTT logins are for devices only (which may not read platform/…): watch inside the broker
    const aedes = s.app.get(BrokerService).instance;
    const messages: Array<{ topic: string; payload: { type: string } }> = [];
    const onMessage = (packet: { topic: string; payload: Buffer | string }, done: () => void) => {
      messages.push({ topic: packet.topic, payload: JSON.parse(packet.payload.toString()) });
      done();
    };
    await new Promise<void>((r) => aedes.subscribe('platform/cases/#', onMessage, r));

    const sse = await fetch(
      `http://127.0.0.1:${s.httpPort}/api/v1/events?province=SC&access_token=${op.token}`,
    );
    expect(sse.status).toBe(200);
    const reader = sse.body!.getReader();

    try {
      const t = new Date(Date.now() - 10 * 3_600_000);
      await s.app
        .get(CaseEngine)
        .handle([gradedNh3n('CQ-LMQ', t, 2.5), gradedNh3n('CQ-LMQ', hoursAfter(t, 4), 2.6)], {
          source: 'live',
        });

      const mqttEvent = await until(
        async () => messages.find((m) => m.topic === 'platform/cases/CQ-LMQ'),
        'MQTT case event',
      );
      expect(mqttEvent.payload.type).toBe('case.opened');

      let streamed = '';
      while (!streamed.includes('case.opened')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        streamed += new TextDecoder().decode(chunk.value);
      }
      expect(streamed).toContain('event: case.opened');

      const outbox = s.app.get(WebhookOutbox);
      const delivery = await until(async () => {
        await outbox.tick();
        await s.app
          .get(DataSource)
          .query(`UPDATE webhook_delivery SET next_attempt_at = now() WHERE delivered_at IS NULL`);
        return received[0];
      }, 'webhook delivery');
      expect(delivery.headers['x-river-event']).toBe('case.opened');
      expect(verifySignature(secret, delivery.body, delivery.headers['x-river-signature'] as string)).toBe(
        true,
      );
      expect(
        verifySignature(
          'wrong secret, wrong secret',
          delivery.body,
          delivery.headers['x-river-signature'] as string,
        ),
      ).toBe(false);
      expect(JSON.parse(delivery.body)).toMatchObject({
        type: 'case.opened',
        station: 'CQ-LMQ',
        province: ['CQ', 'SC'],
      });
    } finally {
      await reader.cancel();
      await new Promise<void>((r) => aedes.unsubscribe('platform/cases/#', onMessage, r));
      await new Promise((r) => hook.close(r));
    }
  });
  it('webhooks: operator-only CRUD, the secret shown once', async () => {
    const s = sys!;
    const op = await loginAs(s, 'operator');
    const chief = await loginAs(s, 'river_chief');
    const api = () => request(s.app.getHttpServer());
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    await api().get('/api/v1/webhooks').set(auth(chief.token)).expect(403);
    const created = await api()
      .post('/api/v1/webhooks')
      .set(auth(op.token))
      .send({ url: 'https://example.org/hook', eventTypes: ['case.opened'] })
      .expect(201);
    expect(created.body.secret).toEqual(expect.any(String));
    const got = await api().get(`/api/v1/webhooks/${created.body.id}`).set(auth(op.token)).expect(200);
    expect(got.body.secret).toBeUndefined();
    const patched = await api()
      .patch(`/api/v1/webhooks/${created.body.id}`)
      .set(auth(op.token))
      .send({ active: false })
      .expect(200);
    expect(patched.body.active).toBe(false);
    await api().post('/api/v1/webhooks').set(auth(op.token)).send({ url: 'ftp://example.org' }).expect(400);
    await api().delete(`/api/v1/webhooks/${created.body.id}`).set(auth(op.token)).expect(204);
    await api().get(`/api/v1/webhooks/${created.body.id}`).set(auth(op.token)).expect(404);
  });
});
