import { defaultCatalogue } from '@river/catalogue';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { loginAs } from '../identity/testing';
import { StationsService } from './stations.service';

// response bodies are checked field by field below
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

/** Stations and rivers API over real HTTP on the system `npm start` runs, with the seeded catalogue. */
describe('stations API', () => {
  let sys: RunningSystem;
  let dataDir: string;
  let base: string;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-stations-'));
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('stations'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    base = `http://127.0.0.1:${sys.httpPort}/api/v1`;
    operator = (await loginAs(sys, 'operator')).token;
    viewer = (await loginAs(sys, 'viewer')).token;
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, body: (await res.json()) as JsonBody };
  };
  const upload = async (body: string, type: string, token = operator) => {
    const res = await fetch(`${base}/stations/import`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: `Bearer ${token}` },
      body,
    });
    return { status: res.status, body: (await res.json()) as JsonBody };
  };

  it('seeds the default catalogue once and lists it publicly, paginated by code', async () => {
    const first = await get('/stations?limit=500');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(defaultCatalogue().length);
    expect(first.body.nextCursor).toBeNull();

    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/stations?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      codes.push(...page.body.items.map((s: { code: string }) => s.code));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(codes).toEqual(first.body.items.map((s: { code: string }) => s.code));
  });

  it('filters by river, province and kind', async () => {
    const xinsheng = await get(`/stations?river=${encodeURIComponent('新盛河')}`);
    expect(xinsheng.body.items.map((s: { code: string }) => s.code).sort()).toEqual([
      'CQ-LMQ',
      'CQ-U-XSH01',
      'SC-U-RSH01',
    ]);
    const sc = await get('/stations?province=SC&kind=cross-border&limit=500');
    expect(
      sc.body.items.every(
        (s: { province: string; kind: string }) => s.province === 'SC' && s.kind === 'cross-border',
      ),
    ).toBe(true);
    expect(sc.body.items.length).toBeGreaterThan(0);
    expect((await get('/stations?kind=bogus')).status).toBe(400);
    // nothing provides the latest readings in this test: a class filter matches nothing
    expect((await get('/stations?class=3')).body.items).toEqual([]);
  });

  it('lists each station with its class now, from the latest graded reading', async () => {
    const before = await get('/stations?river=新盛河&limit=500');
    expect(before.body.items.find((s: JsonBody) => s.code === 'CQ-U-XSH01').now).toBeNull();
    const sample = await fetch(`${base}/stations/CQ-U-XSH01/samples`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ts: '2026-11-18T10:00:00+08:00', values: { ph: 7.1, nh3n: 1.2, do: 6.5 } }),
    });
    expect(sample.status).toBe(201);
    const after = await get('/stations?river=新盛河&limit=500');
    expect(after.body.items.find((s: JsonBody) => s.code === 'CQ-U-XSH01').now).toEqual({
      ts: '2026-11-18T02:00:00.000Z',
      overall: 4,
      compliant: false,
    });
    expect(after.body.items.find((s: JsonBody) => s.code === 'CQ-LMQ').now).toBeNull();
  });

  it('shows one station with its neighbours, ETAs and the cross-border upstream', async () => {
    const { status, body } = await get('/stations/CQ-LMQ');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: 'CQ-LMQ',
      name: '联盟桥',
      targetClass: 3,
      crossBorder: true,
      latest: null,
      compliant: null,
      upstream: [{ code: 'CQ-U-XSH01', travelHours: 8 }],
      downstreamStation: { code: 'SC-U-RSH01', travelHours: 12, province: 'SC' },
    });
    expect((await get('/stations/SC-U-RSH01')).body.crossBorderUpstream).toMatchObject({
      code: 'CQ-LMQ',
      travelHours: 12,
    });
    const missing = await get('/stations/NOPE');
    expect(missing.status).toBe(404);
  });

  it('lists rivers with stations in flow order and the provinces they cross', async () => {
    const { body } = await get('/rivers?limit=500');
    const xinsheng = body.items.find((r: { river: string }) => r.river === '新盛河');
    expect(xinsheng.provinces).toEqual(['CQ', 'SC']);
    expect(xinsheng.stations.map((s: { code: string }) => s.code)).toEqual([
      'CQ-U-XSH01',
      'CQ-LMQ',
      'SC-U-RSH01',
    ]);
    const yangtze = body.items.find((r: { river: string }) => r.river === '长江');
    expect(yangtze.stations[0].code).toBe('SC-U-CJ01');
    expect(yangtze.stations.at(-1).code).toBe('CQ-WXK');
  });

  it('imports a good CSV file (operator only), visible at once to StationsService.get', async () => {
    const csv = [
      'code,name,nameVerified,river,basin,waterBody,province,district,lat,lon,targetClass,kind,upstreamProvince,downstreamProvince,downstreamCode,travelHours,cadenceMinutes',
      'T-NEW1,测试断面一 (未核实),false,新盛河,嘉陵江,river,CQ,梁平区,30.65,107.64,3,provincial,,,CQ-U-XSH01,3,60',
      'CQ-LMQ,联盟桥,true,新盛河,嘉陵江,river,CQ,梁平区,30.8,107.69,3,cross-border,CQ,SC,SC-U-RSH01,12,60',
    ].join('\n');
    expect((await upload(csv, 'text/csv', viewer)).status).toBe(403);
    const { status, body } = await upload(csv, 'text/csv');
    expect(status).toBe(200);
    expect(body).toEqual({ imported: 2, created: 1, updated: 1 });
    expect(await sys.app.get(StationsService).get('T-NEW1')).toMatchObject({
      downstream: { code: 'CQ-U-XSH01', travelHours: 3 },
    });
    expect((await get('/stations/CQ-LMQ')).body.cadenceMinutes).toBe(60);
  });

  it('rejects a file with several bad rows with 400 listing each line, and imports nothing', async () => {
    const rows = [
      { code: 'T-BAD1', lat: 45 }, // line 2: outside the box
      { code: 'T-OK' }, // line 3: fine on its own
      { code: 'T-BAD2', targetClass: 9 }, // line 4
      { code: 'T-BAD3', downstream: { code: 'NOWHERE', travelHours: 1 } }, // line 5
    ].map((r) => ({
      name: '坏 (未核实)',
      nameVerified: false,
      river: '新盛河',
      basin: '嘉陵江',
      waterBody: 'river',
      province: 'CQ',
      district: '梁平区',
      lat: 30.7,
      lon: 107.6,
      targetClass: 3,
      kind: 'provincial',
      cadenceMinutes: 240,
      ...r,
    }));
    const text = '[\n' + rows.map((r) => '  ' + JSON.stringify(r)).join(',\n') + '\n]';
    const { status, body } = await upload(text, 'application/json');
    expect(status).toBe(400);
    expect(body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, 'line 2: lat'],
      [4, 'line 4: targetClass'],
      [5, 'line 5: downstream.code'],
    ]);
    expect((await get('/stations/T-OK')).status).toBe(404);

    const badCsv = 'code,name\nX,甲\n';
    expect((await upload(badCsv, 'text/csv')).status).toBe(400);
    expect((await upload('x', 'text/plain')).status).toBe(415);
  });

  it('exports the catalogue as CSV and JSON that import again unchanged', async () => {
    const headers = { authorization: `Bearer ${viewer}` };
    const csv = await (await fetch(`${base}/stations/export?format=csv`, { headers })).text();
    expect(csv.split('\n')[0]).toMatch(/^code,name,nameVerified/);
    const json = await (await fetch(`${base}/stations/export?format=json`, { headers })).json();
    expect(json).toHaveLength(defaultCatalogue().length + 1);
    expect((await fetch(`${base}/stations/export`)).status).toBe(401);
    const again = await upload(csv, 'text/csv');
    expect(again.body).toEqual({
      imported: defaultCatalogue().length + 1,
      created: 0,
      updated: defaultCatalogue().length + 1,
    });
  });
});
