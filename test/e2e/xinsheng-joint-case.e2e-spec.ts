import { runSimulation } from '../../devices-sim/src';
import { createTestDatabase } from '../setup/test-database';
import { killSpawnedSystems, newDataDir, spawnSystem, type SpawnedSystem } from '../support/spawned-system';

/**
 * Black box, as `npm start` runs: the 新盛河 pollution scenario published over real MQTT by the
 * simulator (devices provisioned through the API) opens a joint case on 联盟桥 that names both
 * provinces' river chiefs and the upstream attribution; both sides must acknowledge.
 */
describe('新盛河 pollution → joint river chief case on 联盟桥 (built system, MQTT, HTTP)', () => {
  let server: SpawnedSystem;
  const operator = { username: 'e2e-cases-operator', password: 'a long enough passphrase 7' };

  beforeAll(async () => {
    server = await spawnSystem({
      DATABASE_URL: await createTestDatabase('e2e_cases'),
      DATA_DIR: newDataDir(),
      LOG_LEVEL: 'warn',
      BOOTSTRAP_OPERATOR_USER: operator.username,
      BOOTSTRAP_OPERATOR_PASSWORD: operator.password,
    });
  });

  afterAll(async () => {
    await server?.stop();
    await killSpawnedSystems();
  });

  async function call(path: string, token: string | undefined, method = 'GET', body?: unknown) {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  const login = async (username: string, password: string) =>
    (await call('/api/v1/auth/login', undefined, 'POST', { username, password })).body.accessToken as string;

  it('opens the joint case, names both chiefs and the upstream station, and waits for both acknowledgements', async () => {
    const op = await login(operator.username, operator.password);
    const chiefs = {
      CQ: {
        username: 'liangping-chief',
        password: 'liangping passphrase 1',
        displayName: '梁平区河长',
        province: 'CQ',
        district: '梁平区',
      },
      SC: {
        username: 'kaijiang-chief',
        password: 'kaijiang passphrase 1',
        displayName: '开江县河长',
        province: 'SC',
        district: '开江县',
      },
    };
    for (const c of Object.values(chiefs)) {
      expect(
        (await call('/api/v1/users', op, 'POST', { ...c, role: 'river_chief', level: 'district' })).status,
      ).toBe(201);
    }
    const credentials: Record<string, { deviceId: string; secret: string }> = {};
    for (const code of ['CQ-U-XSH01', 'CQ-LMQ', 'SC-U-RSH01']) {
      const created = await call(`/api/v1/stations/${code}/devices`, op, 'POST', {});
      expect(created.status).toBe(201);
      credentials[code] = created.body as { deviceId: string; secret: string };
    }
    const summary = await runSimulation({
      url: `mqtt://127.0.0.1:${server.mqttPort}`,
      credentials,
      scenario: 'xinsheng-pollution',
      durationHours: 96,
      speed: Infinity,
      seed: 11,
      progress: false,
    });
    expect(summary.acknowledged).toBe(summary.planned);

    const sc = await login(chiefs.SC.username, chiefs.SC.password);
    const cq = await login(chiefs.CQ.username, chiefs.CQ.password);
    let found: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !found; i++) {
      const list = await call('/api/v1/cases?station=CQ-LMQ&joint=true', sc);
      found = (list.body.items as Array<Record<string, unknown>>).find((c) => c.episode === 'pollution');
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toMatchObject({
      stationName: '联盟桥',
      joint: true,
      provinces: ['CQ', 'SC'],
      state: 'open',
    });
    expect((found!.chiefs as Array<{ displayName: string }>).map((c) => c.displayName).sort()).toEqual([
      '开江县河长',
      '梁平区河长',
    ]);
    expect(found!.upstreamAttribution).toEqual([expect.objectContaining({ station: 'CQ-U-XSH01' })]);
    expect(found!.downstreamArrivals).toEqual([
      expect.objectContaining({ station: 'SC-U-RSH01', province: 'SC' }),
    ]);

    const first = await call(`/api/v1/cases/${String(found!.id)}/acknowledge`, sc, 'POST', {
      note: '开江县已签收',
    });
    expect(first.body).toMatchObject({ state: 'open', waitingFor: { acknowledge: ['CQ'] } });
    const second = await call(`/api/v1/cases/${String(found!.id)}/acknowledge`, cq, 'POST', {});
    expect(second.body.state).toBe('acknowledged');
  });
});
