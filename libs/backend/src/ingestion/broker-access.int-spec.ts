import { DeadLetterReason } from '@river/contracts';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { Client } from 'pg';
import request from 'supertest';
import { createTestDatabase } from '../../../../test/setup/test-database';
import type { RunningSystem } from '../bootstrap/start-system';
import { loginAs } from '../identity/testing';
import { BrokerService } from '../broker/broker.service';
import { connectDevice, publishQos1, readingPayload, startIngestSystem } from './ingestion-test-kit';

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'river-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    {
      stdio: 'ignore',
    },
  );
  return { cert, key };
}

function connectError(port: number, options: mqtt.IClientOptions): Promise<number | undefined> {
  return new Promise((resolve) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...options,
    });
    client.once('connect', () => {
      client.end(true);
      resolve(0);
    });
    client.once('error', (error: Error & { code?: number }) => {
      client.end(true);
      resolve(error.code);
    });
  });
}

/** Device registry over HTTP, broker authentication and ACL, and the malformed-payload corpus over MQTT. */
describe('devices, broker access and dead letters', () => {
  let sys: RunningSystem;
  let db: Client;
  let operator: string;
  let device: { deviceId: string; secret: string };
  let client: MqttClient;
  const http = () => request(sys.app.getHttpServer());

  beforeAll(async () => {
    const tls = selfSignedCertificate();
    sys = await startIngestSystem(await createTestDatabase('ingest_access'), {
      MQTT_WS_PORT: '0',
      MQTT_TLS_PORT: '0',
      MQTT_TLS_CERT: tls.cert,
      MQTT_TLS_KEY: tls.key,
    });
    db = new Client({ connectionString: sys.databaseUrl });
    await db.connect();
    operator = (await loginAs(sys, 'operator')).token;
    const created = await http()
      .post('/api/v1/stations/CQ-LMQ/devices')
      .set('Authorization', `Bearer ${operator}`)
      .expect(201);
    device = created.body;
    client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret, {
      will: { topic: 'river/CQ-LMQ/status', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
  });

  afterAll(async () => {
    client?.end(true);
    await db?.end();
    await sys?.close();
  });

  it('creates devices for operators only, stores only a salted scrypt hash, and 404s unknown stations', async () => {
    expect(device.deviceId).toMatch(/^CQ-LMQ-/);
    expect(device.secret.length).toBeGreaterThanOrEqual(40);
    const row = await db.query('SELECT secret_hash FROM device WHERE id = $1', [device.deviceId]);
    expect(row.rows[0].secret_hash).toMatch(/^scrypt\$/);
    expect(row.rows[0].secret_hash).not.toContain(device.secret);
    const viewer = (await loginAs(sys, 'viewer')).token;
    await http().post('/api/v1/stations/CQ-LMQ/devices').set('Authorization', `Bearer ${viewer}`).expect(403);
    await http().post('/api/v1/stations/NOPE/devices').set('Authorization', `Bearer ${operator}`).expect(404);
  });

  it('refuses bad passwords, unknown devices and a client id that is not the username with MQTT return codes', async () => {
    const port = sys.mqttPort!;
    expect(
      await connectError(port, { clientId: device.deviceId, username: device.deviceId, password: 'wrong' }),
    ).toBe(4);
    expect(await connectError(port, { clientId: 'ghost', username: 'ghost', password: 'x' })).toBe(4);
    expect(
      await connectError(port, { clientId: 'other', username: device.deviceId, password: device.secret }),
    ).toBe(2);
    const refused = await db.query('SELECT 1'); // the process and the database are still fine
    expect(refused.rowCount).toBe(1);
  });

  it('accepts devices over the WebSocket listener with the same authentication', async () => {
    const wsPort = sys.app.get(BrokerService).ports[2]; // TCP, TLS, WebSocket
    const ws = await mqtt.connectAsync(`ws://127.0.0.1:${wsPort}`, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
      reconnectPeriod: 0,
    });
    await ws.endAsync();
    expect(
      await connectError(wsPort, {
        protocol: 'ws',
        clientId: device.deviceId,
        username: device.deviceId,
        password: 'bad',
      }),
    ).toBe(4);
    // the WebSocket login took the session over: reconnect the TCP client for the next tests
    client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
  });

  it('accepts devices over the TLS listener', async () => {
    const tlsPort = sys.app.get(BrokerService).ports[1];
    const secure = await mqtt.connectAsync(`mqtts://127.0.0.1:${tlsPort}`, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.secret,
      reconnectPeriod: 0,
      rejectUnauthorized: false, // self-signed test certificate
    });
    await publishQos1(
      secure,
      'river/CQ-LMQ/reading',
      readingPayload(device.deviceId, '2026-11-14T08:00:00+08:00'),
    );
    await secure.endAsync();
    client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
  });

  it('lets a device subscribe only to its own command topic', async () => {
    // read the SUBACK return codes off the wire (mqtt.js turns a 0x80 into an error)
    const suback = new Promise<number[]>((resolve) =>
      client.on('packetreceive', (packet) => {
        if (packet.cmd === 'suback') resolve(packet.granted as number[]);
      }),
    );
    client.subscribe(
      { 'river/CQ-LMQ/cmd': { qos: 1 }, 'platform/#': { qos: 0 }, 'river/+/cmd': { qos: 0 } },
      () => undefined,
    );
    const codes = await suback;
    const granted = ['river/CQ-LMQ/cmd', 'platform/#', 'river/+/cmd'].map((topic, i) => ({
      topic,
      qos: codes[i],
    }));
    expect(granted.map((g) => [g.topic, g.qos])).toEqual([
      ['river/CQ-LMQ/cmd', 1],
      ['platform/#', 128],
      ['river/+/cmd', 128],
    ]);
  });

  it('lists devices with their online state from the status topic', async () => {
    await publishQos1(client, 'river/CQ-LMQ/status', 'online');
    await new Promise((r) => setTimeout(r, 800)); // states are written in batches every 500 ms
    const list = await http()
      .get('/api/v1/stations/CQ-LMQ/devices')
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ deviceId: device.deviceId, online: true, disabled: false }),
    ]);
  });

  it('dead-letters every malformed payload with the right reason, acks it and keeps the connection', async () => {
    const id = device.deviceId;
    const corpus: Array<[string, string | Buffer, DeadLetterReason]> = [
      ['river/CQ-LMQ/reading', '{"v":1,"device":', DeadLetterReason.NotJson],
      [
        'river/CQ-LMQ/reading',
        readingPayload(id, '2026-11-22T08:00:00+08:00').replace('7.5', '"7.5"'),
        DeadLetterReason.SchemaViolation,
      ],
      [
        'river/CQ-LMQ/reading',
        `{"v":1,"device":"${id}","ts":"2026-11-22T08:00:00+08:00","values":{"ph":NaN}}`,
        DeadLetterReason.NotJson,
      ],
      [
        'river/CQ-LMQ/reading',
        `{"v":1,"device":"${id}","ts":"2026-11-22T08:00:00+08:00","values":{"ph":1e999}}`,
        DeadLetterReason.NonFiniteValue,
      ],
      ['river/CQ-LMQ/reading', Buffer.alloc(1024 * 1024, 0x7b), DeadLetterReason.PayloadTooLarge],
      ['river/CQ-LMQ/reading', Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), DeadLetterReason.InvalidUtf8],
      ['river/CQ-ZT/reading', readingPayload(id, '2026-11-22T08:00:00+08:00'), DeadLetterReason.WrongStation],
      [
        'river/CQ-LMQ/reading',
        readingPayload(id, '2030-01-01T00:00:00+08:00'),
        DeadLetterReason.TimestampInFuture,
      ],
      ['river/CQ-LMQ/reading', '['.repeat(30000) + ']'.repeat(30000), DeadLetterReason.SchemaViolation],
      [
        'river/CQ-LMQ/reading',
        readingPayload(id, '2026-11-22T08:00:00'),
        DeadLetterReason.TimestampWithoutOffset,
      ],
      [
        'river/CQ-LMQ/reading',
        readingPayload(id, '2026-11-22T08:00:00+08:00', { ph: 7, zz: 1 }),
        DeadLetterReason.UnknownParameter,
      ],
    ];
    const before = Number((await db.query('SELECT count(*) FROM dead_letter')).rows[0].count);
    for (const [topic, payload] of corpus) await publishQos1(client, topic, payload);
    const rows = await db.query('SELECT reason, device_id FROM dead_letter ORDER BY id OFFSET $1', [before]);
    expect(rows.rows.map((r) => r.reason)).toEqual(corpus.map((c) => c[2]));
    expect(rows.rows.every((r) => r.device_id === id)).toBe(true);
    expect(client.connected).toBe(true);

    const page = await http()
      .get('/api/v1/dead-letters?reason=not_json&limit=1')
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).not.toBeNull();
    const next = await http()
      .get(`/api/v1/dead-letters?reason=not_json&limit=1&cursor=${page.body.nextCursor}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    const metrics = await http().get('/metrics').set('Authorization', `Bearer ${operator}`).expect(200);
    expect(metrics.text).toContain('river_ingest_dead_letters_total{reason="payload_too_large"} 1');
  });

  it('survives random bytes (fuzz): each message is acked and dead-lettered or stored', async () => {
    const before = Number((await db.query('SELECT count(*) FROM dead_letter')).rows[0].count);
    const payloads = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 200 }), { numRuns: 60, seed: 42 });
    await Promise.all(payloads.map((p) => publishQos1(client, 'river/CQ-LMQ/reading', Buffer.from(p))));
    const after = Number((await db.query('SELECT count(*) FROM dead_letter')).rows[0].count);
    expect(after - before).toBe(60);
    expect(client.connected).toBe(true);
  });

  it('closes the connection of a client sending a packet over the hard limit (2 MiB), and survives', async () => {
    const big = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
    client = big;
    const closed = new Promise<void>((r) => big.once('close', () => r()));
    big.publish('river/CQ-LMQ/reading', Buffer.alloc(3 * 1024 * 1024, 0x20), { qos: 1 });
    await closed;
    client = await connectDevice(sys.mqttPort!, device.deviceId, device.secret);
    await publishQos1(
      client,
      'river/CQ-LMQ/reading',
      readingPayload(device.deviceId, '2026-11-16T08:00:00+08:00'),
    );
  });

  it('disconnects a device publishing on a topic it may not use', async () => {
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    client.publish('platform/readings/CQ-LMQ', 'x', { qos: 1 });
    await closed;
  });

  it('serves readings and manual samples through the same processing', async () => {
    const inspector = (await loginAs(sys, 'inspector')).token;
    const sample = await http()
      .post('/api/v1/stations/CQ-LMQ/samples')
      .set('Authorization', `Bearer ${inspector}`)
      .send({ ts: '2026-11-18T10:00:00+08:00', values: { ph: 7.1, nh3n: 2.6, do: 6.5 } })
      .expect(201);
    expect(sample.body).toMatchObject({ overall: 6, compliant: false, targetClass: 3, duplicate: false });
    await http()
      .post('/api/v1/stations/CQ-LMQ/samples')
      .set('Authorization', `Bearer ${inspector}`)
      .send({ ts: '2026-11-18T10:00:00', values: { ph: 7 } })
      .expect(400);
    const series = await http()
      .get(
        '/api/v1/stations/CQ-LMQ/readings?from=2026-11-18T00:00:00%2B08:00&to=2026-11-19T00:00:00%2B08:00&parameter=nh3n',
      )
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(series.body).toEqual({
      station: 'CQ-LMQ',
      interval: 'raw',
      from: '2026-11-18T00:00:00.000+08:00',
      to: '2026-11-19T00:00:00.000+08:00',
      series: [
        {
          parameter: 'nh3n',
          points: [{ ts: '2026-11-18T10:00:00.000+08:00', value: 2.6, class: 6, flag: 'N' }],
        },
      ],
    });
    const daily = await http()
      .get(
        '/api/v1/stations/CQ-LMQ/readings?from=2026-11-18T00:00:00%2B08:00&to=2026-11-19T00:00:00%2B08:00&interval=1d&parameter=nh3n',
      )
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(daily.body.series[0].points).toEqual([
      { ts: '2026-11-18T00:00:00.000+08:00', value: 2.6, class: 6, flag: 'N' },
    ]);
    const station = await http().get('/api/v1/stations/CQ-LMQ').expect(200);
    expect(JSON.stringify(station.body)).toContain('2026-11-18');
  });

  it('rotates a secret (old one refused) and disables a device (connection dropped, CONNECT refused with 5)', async () => {
    const port = sys.mqttPort!;
    const auth = { Authorization: `Bearer ${operator}` };
    const created = await http().post('/api/v1/stations/CQ-ZT/devices').set(auth).expect(201);
    const { deviceId, secret } = created.body as { deviceId: string; secret: string };
    const rotated = await http().post(`/api/v1/devices/${deviceId}/rotate-secret`).set(auth).expect(200);
    expect(rotated.body.secret).not.toBe(secret);
    expect(await connectError(port, { clientId: deviceId, username: deviceId, password: secret })).toBe(4);
    const live = await connectDevice(port, deviceId, rotated.body.secret);
    const dropped = new Promise<void>((r) => live.once('close', () => r()));
    await http().post(`/api/v1/devices/${deviceId}/disabled`).set(auth).send({ disabled: true }).expect(200);
    await dropped;
    live.end(true);
    expect(
      await connectError(port, { clientId: deviceId, username: deviceId, password: rotated.body.secret }),
    ).toBe(5);
  });

  it('lets an operator log in with a token to follow platform/# read-only; other roles are refused with 5', async () => {
    const port = sys.mqttPort!;
    const op = await loginAs(sys, 'operator');
    const viewer = await loginAs(sys, 'viewer');
    expect(
      await connectError(port, {
        clientId: 'viewer-1',
        username: viewer.principal.username,
        password: viewer.token,
      }),
    ).toBe(5);
    expect(
      await connectError(port, {
        clientId: 'op-x',
        username: op.principal.username,
        password: 'not a token',
      }),
    ).toBe(2);
    expect(
      await connectError(port, {
        clientId: device.deviceId,
        username: op.principal.username,
        password: op.token,
      }),
    ).toBe(2);
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'op-1',
      username: op.principal.username,
      password: op.token,
      reconnectPeriod: 0,
    });
    await watcher.subscribeAsync('platform/#');
    const derived = new Promise<{ topic: string; samples: Array<{ station: string }> }>((resolve) =>
      watcher.once('message', (topic, payload) =>
        resolve({ topic, samples: JSON.parse(payload.toString()) }),
      ),
    );
    await http()
      .post('/api/v1/stations/CQ-LMQ/samples')
      .set('Authorization', `Bearer ${op.token}`)
      .send({ ts: '2026-11-15T10:00:00+08:00', values: { ph: 7.2 } })
      .expect(201);
    const message = await derived;
    expect(message.topic).toBe('platform/readings/CQ-LMQ');
    expect(message.samples[0].station).toBe('CQ-LMQ');
    const closed = new Promise<void>((r) => watcher.once('close', () => r()));
    watcher.publish('platform/readings/CQ-LMQ', 'forged', { qos: 1 });
    await closed;
    watcher.end(true);
  });
});
