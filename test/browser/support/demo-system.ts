import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCatalogue } from '@river/catalogue';
import { runSimulation } from '../../../devices-sim/src';
import { startSystem, type RunningSystem } from '../../../libs/backend/src/bootstrap/start-system';
import { loginAs } from '../../../libs/backend/src/identity/testing/login-as';

export const DEMO_PASSWORD = 'river-demo-2026';

/** Users the browser tests (and a developer) log in as; all share DEMO_PASSWORD. */
const USERS = {
  'liangping-chief': {
    role: 'river_chief',
    province: 'CQ',
    level: 'district',
    district: '梁平区',
    displayName: '梁平区河长',
  },
  'kaijiang-chief': {
    role: 'river_chief',
    province: 'SC',
    level: 'district',
    district: '开江县',
    displayName: '开江县河长',
  },
  'cq-inspector': { role: 'inspector', province: 'CQ', displayName: '重庆督察员' },
  'sc-inspector': { role: 'inspector', province: 'SC', displayName: '四川督察员' },
  'liangping-officer': { role: 'officer', province: 'CQ', district: '梁平区', displayName: '梁平区整改专员' },
  'kaijiang-officer': { role: 'officer', province: 'SC', district: '开江县', displayName: '开江县整改专员' },
  'demo-operator': { role: 'operator', province: 'CQ', displayName: '系统运维' },
} as const;
export type DemoUser = keyof typeof USERS;

export interface DemoSystem {
  sys: RunningSystem;
  base: string;
  tokens: Record<DemoUser, string>;
  campaignId: string;
  /** problem id by 序号 */
  problems: Map<number, string>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

/**
 * The whole system with the 新盛河 story driven through its public interfaces: devices provisioned over
 * HTTP, a day of readings for every station plus the pollution plume published over MQTT (opening the
 * joint case on 联盟桥), and the 2020 joint-inspection list imported and partly worked through.
 */
export async function startDemoSystem(env: Record<string, string>): Promise<DemoSystem> {
  const sys = await startSystem({
    role: 'all',
    env: { HTTP_PORT: '0', MQTT_PORT: '0', LOG_LEVEL: 'silent', ...env },
  });
  const base = `http://127.0.0.1:${sys.httpPort}`;
  const tokens = {} as Record<DemoUser, string>;
  const ids = {} as Record<DemoUser, string>;
  for (const [username, u] of Object.entries(USERS) as Array<[DemoUser, (typeof USERS)[DemoUser]]>) {
    const { role, ...rest } = u;
    const created = await loginAs(sys, role, { ...rest, username, password: DEMO_PASSWORD });
    tokens[username] = created.token;
    ids[username] = created.principal.userId;
  }
  const call = async (
    who: DemoUser,
    method: string,
    path: string,
    body?: unknown,
    type = 'application/json',
  ) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': type } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Json;
  };

  const credentials: Record<string, { deviceId: string; secret: string }> = {};
  for (const s of defaultCatalogue()) {
    credentials[s.code] = (await call(
      'demo-operator',
      'POST',
      `/api/v1/stations/${s.code}/devices`,
      {},
    )) as never;
  }
  const url = `mqtt://127.0.0.1:${sys.mqttPort}`;
  const plume = ['CQ-U-XSH01', 'CQ-LMQ', 'SC-U-RSH01'];
  const others = Object.keys(credentials).filter((c) => !plume.includes(c));
  await runSimulation({
    url,
    credentials,
    stations: others,
    durationHours: 24,
    speed: Infinity,
    seed: 3,
    progress: false,
  });
  await runSimulation({
    url,
    credentials,
    scenario: 'xinsheng-pollution',
    durationHours: 40,
    speed: Infinity,
    seed: 7,
    progress: false,
  });

  const campaign = await call('cq-inspector', 'POST', '/api/v1/campaigns', {
    name: '新盛河流域川渝联动督察',
    basin: '嘉陵江',
    rivers: ['新盛河', '任市河'],
    stationCodes: ['CQ-LMQ'],
    startsOn: '2020-08-01',
    endsOn: '2020-11-30',
    joint: true,
    inspectorIds: [ids['cq-inspector'], ids['sc-inspector']],
    status: 'active',
  });
  const campaignId = String(campaign.id);
  const csv = readFileSync(
    join(__dirname, '../../../libs/backend/src/problems/testing/xinsheng-2020-list.csv'),
    'utf8',
  );
  await call('cq-inspector', 'POST', `/api/v1/campaigns/${campaignId}/import`, csv, 'text/csv');
  const list = await call('cq-inspector', 'GET', `/api/v1/campaigns/${campaignId}/problems?limit=100`);
  const problems = new Map<number, string>();
  for (const p of list.items as Array<{ seq: number; id: string }>) problems.set(p.seq, p.id);
  const future = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
  // 1: verified by both sides, ready for 销号; 2: submitted; 3: overdue; 20 (开江县): rectifying
  for (const seq of [1, 2, 3, 4, 20]) {
    const id = problems.get(seq)!;
    await call('cq-inspector', 'POST', `/api/v1/problems/${id}/handover`, {
      deadline: seq === 3 ? past : future,
    });
  }
  const officerOf = (seq: number): DemoUser => (seq >= 20 ? 'kaijiang-officer' : 'liangping-officer');
  for (const seq of [1, 2, 20]) {
    await call(officerOf(seq), 'POST', `/api/v1/problems/${problems.get(seq)}/plan`, {
      plan: '截污纳管，建设污水处理设施',
    });
  }
  for (const seq of [1, 2]) {
    await call(officerOf(seq), 'POST', `/api/v1/problems/${problems.get(seq)}/submit`, {
      evidence: [`整改后照片 ${seq}`],
    });
  }
  await call('cq-inspector', 'POST', `/api/v1/problems/${problems.get(1)}/verify`, { note: '现场核查合格' });
  await call('sc-inspector', 'POST', `/api/v1/problems/${problems.get(1)}/verify`, {
    note: '同一标准核查合格',
  });

  return { sys, base, tokens, campaignId, problems, close: () => sys.close() };
}
