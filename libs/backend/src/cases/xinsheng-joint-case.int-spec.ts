import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '../../../../devices-sim/src';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { loginAs } from '../identity/testing/login-as';

/**
 * End to end through real MQTT: devices provisioned through the devices API, the 新盛河 pollution
 * scenario published by the simulator (mqtt.js, QoS 1) to the broker `npm start` runs, ingestion →
 * grading → alert rules → a joint case on 联盟桥, read back over HTTP as a Sichuan river chief.
 * (In-process `startSystem`, so it runs in the integration tier without a build.)
 */
describe('新盛河 pollution over MQTT opens a joint case on 联盟桥', () => {
  let sys: RunningSystem;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-xinsheng-'));

  beforeAll(async () => {
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('xinsheng'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names both provinces’ chiefs and the upstream attribution', async () => {
    const base = `http://127.0.0.1:${sys.httpPort}`;
    const cqChief = await loginAs(sys, 'river_chief', {
      province: 'CQ',
      level: 'district',
      district: '梁平区',
      displayName: '梁平区河长',
    });
    const scChief = await loginAs(sys, 'river_chief', {
      province: 'SC',
      level: 'district',
      district: '开江县',
      displayName: '开江县河长',
    });
    const { token } = await loginAs(sys, 'operator');
    const stations = ['CQ-U-XSH01', 'CQ-LMQ', 'SC-U-RSH01'];
    const credentials: Record<string, { deviceId: string; secret: string }> = {};
    for (const code of stations) {
      const res = await fetch(`${base}/api/v1/stations/${code}/devices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(201);
      credentials[code] = (await res.json()) as { deviceId: string; secret: string };
    }

    const summary = await runSimulation({
      url: `mqtt://127.0.0.1:${sys.mqttPort}`,
      credentials,
      scenario: 'xinsheng-pollution',
      durationHours: 96,
      speed: Infinity,
      seed: 7,
      progress: false,
    });
    expect(summary.failed).toBe(0);
    expect(summary.acknowledged).toBe(summary.planned);

    // the sink runs after commit, asynchronously: poll the API as the Sichuan chief would
    let found: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      const res = await fetch(`${base}/api/v1/cases?station=CQ-LMQ&joint=true`, {
        headers: { authorization: `Bearer ${scChief.token}` },
      });
      found = ((await res.json()) as { items: Array<Record<string, unknown>> }).items.find(
        (c) => c.episode === 'pollution',
      );
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toBeDefined();
    expect(found).toMatchObject({
      station: 'CQ-LMQ',
      stationName: '联盟桥',
      joint: true,
      provinces: ['CQ', 'SC'],
    });
    expect(found!.primaryPollutants).toContain('nh3n');
    const chiefs = (found!.chiefs as Array<{ displayName: string; province: string }>).map((c) => [
      c.province,
      c.displayName,
    ]);
    expect(chiefs).toEqual(
      expect.arrayContaining([
        ['CQ', cqChief.principal.displayName],
        ['SC', scChief.principal.displayName],
      ]),
    );
    expect(found!.upstreamAttribution).toEqual([
      expect.objectContaining({ station: 'CQ-U-XSH01', travelHours: 8 }),
    ]);
    expect(found!.downstreamArrivals).toEqual([
      expect.objectContaining({ station: 'SC-U-RSH01', province: 'SC', travelHours: 12 }),
    ]);
  });
});
