import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../test/setup/test-database';
import { startSystem, type RunningSystem } from '@river/backend/bootstrap/start-system';
import { BrokerService } from '@river/backend/broker/broker.service';
import { loginAs } from '@river/backend/identity/testing';
import { runSimulation } from './run-simulation';
import { MqttTransport } from './transport/mqtt-transport';
import type { CredentialsByStation } from './transport/transport';

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The simulator against the real broker `npm start` runs, over MQTT/TCP (port 0). */
describe('runSimulation against the platform broker', () => {
  let sys: RunningSystem;
  let dataDir: string;
  const seen: Array<{ topic: string; payload: string; retain: boolean }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-sim-'));
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('sim'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    sys.app.get(BrokerService).instance.on('publish', (packet, client) => {
      if (client && packet.topic.startsWith('river/')) {
        seen.push({ topic: packet.topic, payload: packet.payload.toString(), retain: packet.retain });
      }
    });
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Devices through the API when the platform has it (ingestion's endpoint); anonymous otherwise. */
  async function credentialsFor(stations: string[]): Promise<CredentialsByStation | undefined> {
    const { token } = await loginAs(sys, 'operator');
    const credentials: CredentialsByStation = {};
    for (const code of stations) {
      const res = await fetch(`http://127.0.0.1:${sys.httpPort}/api/v1/stations/${code}/devices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`device for ${code}: HTTP ${res.status} ${await res.text()}`);
      credentials[code] = (await res.json()) as { deviceId: string; secret: string };
    }
    return credentials;
  }

  it('publishes every planned reading with QoS 1 and gets each acknowledged; online then offline status, retained', async () => {
    const stations = ['CQ-U-XSH01', 'CQ-LMQ', 'SC-U-RSH01'];
    const summary = await runSimulation({
      url: `mqtt://127.0.0.1:${sys.mqttPort}`,
      credentials: await credentialsFor(stations),
      scenario: 'outage-store-and-forward',
      start: new Date('2026-11-20T00:00:00+08:00'),
      durationHours: 36,
      speed: Infinity,
      seed: 3,
      progress: false,
    });
    expect(summary).toMatchObject({ stations: 3, connected: 3, failed: 0, batches: 1, readings: 27 });
    expect(summary.acknowledged).toBe(summary.planned);
    expect(summary.sent).toBe(summary.planned);

    const readings = seen.filter((m) => m.topic === 'river/CQ-LMQ/reading');
    const batch = readings.map((m) => JSON.parse(m.payload) as unknown).find(Array.isArray) ?? [];
    expect(batch.map((r: { seq: number }) => r.seq)).toEqual([3, 4, 5, 6, 7, 8]);
    const status = seen.filter((m) => m.topic === 'river/CQ-LMQ/status');
    expect(status.map((m) => [m.payload, m.retain])).toEqual([
      ['online', true],
      ['offline', true],
    ]);
  });

  it('paces messages by simulated time (8 h at 28 800× take about a second)', async () => {
    const began = Date.now();
    const summary = await runSimulation({
      url: `mqtt://127.0.0.1:${sys.mqttPort}`,
      credentials: await credentialsFor(['CQ-CT']),
      stations: ['CQ-CT'],
      start: new Date('2026-11-20T00:00:00+08:00'),
      durationHours: 8,
      cadenceMinutes: 60,
      speed: 28_800,
      progress: false,
    });
    expect(summary.acknowledged).toBe(8);
    // the last reading is due 7 simulated hours in: 7 × 3600 / 28800 s = 0.875 s
    expect(Date.now() - began).toBeGreaterThanOrEqual(800);
  });

  it("publishes the last will `offline` (retained) when a device's connection is cut", async () => {
    const transport = new MqttTransport({
      url: `mqtt://127.0.0.1:${sys.mqttPort}`,
      credentials: await credentialsFor(['CQ-ZT']),
    });
    const before = seen.length;
    await transport.connect(['CQ-ZT']);
    await transport.dropConnection('CQ-ZT');
    await waitFor(() =>
      seen.slice(before).some((m) => m.topic === 'river/CQ-ZT/status' && m.payload === 'offline'),
    );
    expect(
      seen
        .slice(before)
        .filter((m) => m.topic === 'river/CQ-ZT/status')
        .map((m) => [m.payload, m.retain]),
    ).toEqual([
      ['online', true],
      ['offline', true],
    ]);
    await transport.close();
  });

  it('reports an unreachable broker instead of hanging', async () => {
    await expect(
      runSimulation({ url: 'mqtt://127.0.0.1:1', stations: ['CQ-CT'], durationHours: 1, progress: false }),
    ).rejects.toThrow();
  });
});
