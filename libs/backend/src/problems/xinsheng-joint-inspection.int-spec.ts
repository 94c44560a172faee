import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Subscription } from 'rxjs';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import type { PlatformEvent } from '../events/platform-event';
import { EventsService } from '../events/events.service';
import { loginAs } from '../identity/testing';
import { ProblemRemindersService } from './problem-reminders.service';

// response bodies are checked field by field below
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

const FIXTURE = readFileSync(join(__dirname, 'testing', 'xinsheng-2020-list.csv'));
const DAY = 86_400_000;
/** The official table's header, written out here (not imported) so the export is checked against it. */
const OFFICIAL_COLUMNS = ['序号', '问题', '类别', '属地', '发现方', '整改时限', '状态', '销号日期', '备注'];

/**
 * 新盛河 2020 (SPEC §7): one joint inspection, one list of 19 problems for 梁平区 and 15 for 开江县,
 * two handovers, rectification by each side, verification by both provinces before 销号.
 */
describe('新盛河 joint inspection: from handover to 销号', () => {
  let sys: RunningSystem;
  let dataDir: string;
  let base: string;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let campaignId: string;
  const bySeq = new Map<number, string>();
  const events: PlatformEvent[] = [];
  let subscription: Subscription;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-problems-'));
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('problems'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    base = `http://127.0.0.1:${sys.httpPort}/api/v1`;
    const users = {
      inspCq: await loginAs(sys, 'inspector', { province: 'CQ' }),
      inspSc: await loginAs(sys, 'inspector', { province: 'SC' }),
      inspOutsider: await loginAs(sys, 'inspector', { province: 'CQ' }),
      officerLp: await loginAs(sys, 'officer', { province: 'CQ', district: '梁平区' }),
      officerKj: await loginAs(sys, 'officer', { province: 'SC', district: '开江县' }),
      operator: await loginAs(sys, 'operator'),
    };
    for (const [name, u] of Object.entries(users)) {
      tokens[name] = u.token;
      ids[name] = u.principal.userId;
    }
    subscription = sys.app.get(EventsService, { strict: false }).stream.subscribe((e) => events.push(e));
  });

  afterAll(async () => {
    subscription?.unsubscribe();
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (
    method: string,
    path: string,
    who: string,
    body?: unknown,
    type = 'application/json',
  ) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body !== undefined ? { 'content-type': type } : {}),
      },
      body:
        body === undefined
          ? undefined
          : Buffer.isBuffer(body)
            ? new Uint8Array(body)
            : typeof body === 'string'
              ? body
              : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as JsonBody };
  };
  const act = (seq: number, action: string, who: string, body: unknown = {}) =>
    call('POST', `/problems/${bySeq.get(seq)}/${action}`, who, body);
  const expectOk = async (promise: Promise<{ status: number; body: JsonBody }>, status = 200) => {
    const res = await promise;
    if (res.status !== status)
      throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  it('creates the joint campaign with the inspectors of both provinces', async () => {
    const res = await call('POST', '/campaigns', 'inspCq', {
      name: '新盛河流域川渝联动督察',
      basin: '嘉陵江',
      rivers: ['新盛河', '任市河'],
      stationCodes: ['CQ-LMQ'],
      startsOn: '2020-08-01',
      endsOn: '2020-11-30',
      joint: true,
      inspectorIds: [ids.inspCq, ids.inspSc],
      status: 'active',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ joint: true, provinces: ['CQ', 'SC'], status: 'active' });
    campaignId = res.body.id;

    const unknownStation = await call('POST', '/campaigns', 'inspCq', {
      name: 'x',
      basin: 'x',
      startsOn: '2020-08-01',
      joint: false,
      stationCodes: ['NOPE'],
      inspectorIds: [ids.officerLp],
    });
    expect(unknownStation.status).toBe(400);
    expect(unknownStation.body.errors.map((e: JsonBody) => e.field).sort()).toEqual([
      'inspectorIds.0',
      'stationCodes.0',
    ]);
  });

  it('refuses a list with bad rows, naming each line, and imports nothing', async () => {
    const bad = [
      '序号,问题,类别,属地,发现方,关联站点',
      '1,污水直排,生活污水,CQ 梁平区,SC,',
      '2,养殖废水,养猪,CQ 梁平区,SC,',
      '3,荷藕退水,莲藕种植,开江县,CQ,',
      '4,工业废水,工业污染,SC 开江县,湖北,',
      '5,工业废水,工业污染,SC 开江县,CQ,NOPE',
      '1,重复序号,其他,CQ 梁平区,SC,',
    ].join('\n');
    const res = await call('POST', `/campaigns/${campaignId}/import`, 'inspCq', bad, 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('nothing was imported');
    expect(res.body.errors.map((e: JsonBody) => e.field)).toEqual([
      'line 3: 类别',
      'line 4: 属地',
      'line 5: 发现方',
      'line 6: 关联站点',
      'line 7: 序号',
    ]);
    const list = await call('GET', `/campaigns/${campaignId}/problems`, 'inspCq');
    expect(list.body.items).toEqual([]);
    const wrongType = await call('POST', `/campaigns/${campaignId}/import`, 'inspCq', 'a,b', 'text/plain');
    expect(wrongType.status).toBe(400);
  });

  it('imports the 19+15 list from the CSV fixture in one go (an outsider inspector may not)', async () => {
    const outsider = await call(
      'POST',
      `/campaigns/${campaignId}/import`,
      'inspOutsider',
      FIXTURE,
      'text/csv',
    );
    expect(outsider.status).toBe(403);
    const res = await expectOk(
      call('POST', `/campaigns/${campaignId}/import`, 'inspSc', FIXTURE, 'text/csv'),
      201,
    );
    expect(res.imported).toBe(34);

    const seen: JsonBody[] = [];
    let cursor: string | null = null;
    do {
      const page: JsonBody = await expectOk(
        call(
          'GET',
          `/campaigns/${campaignId}/problems?province=CQ&district=梁平区&limit=10${cursor ? `&cursor=${cursor}` : ''}`,
          'inspCq',
        ),
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(19);
    expect(seen.map((p) => p.seq)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(seen[0]).toMatchObject({
      state: 'found',
      category: 'domestic_sewage',
      jurisdiction: { province: 'CQ', district: '梁平区' },
      foundBy: 'SC',
      severity: 'high',
      stationCodes: ['CQ-LMQ'],
      evidence: ['照片 LP-01-1', '现场笔录 LP-01'],
      location: { text: '梁平区新盛镇', lon: 107.7, lat: 30.65 },
    });

    const all = await expectOk(call('GET', `/campaigns/${campaignId}/problems?limit=100`, 'inspCq'));
    for (const p of all.items) bySeq.set(p.seq, p.id);
    expect(all.items.filter((p: JsonBody) => p.jurisdiction.district === '开江县')).toHaveLength(15);
    expect(new Set(all.items.map((p: JsonBody) => p.category))).toEqual(
      new Set([
        'domestic_sewage',
        'livestock_poultry',
        'aquaculture',
        'agricultural_non_point',
        'industrial',
        'other',
      ]),
    );

    // an officer sees only their own jurisdiction's part of the list
    const kjView = await expectOk(call('GET', `/campaigns/${campaignId}/problems?limit=100`, 'officerKj'));
    expect(kjView.items).toHaveLength(15);
  });

  it('hands every problem over (two handovers), one of them with a deadline already past', async () => {
    const future = new Date(Date.now() + 30 * DAY).toISOString();
    const past = new Date(Date.now() - DAY).toISOString();
    const noDeadline = await act(1, 'handover', 'inspCq', {});
    expect(noDeadline.status).toBe(409);
    expect(noDeadline.body.type).toMatch(/deadline_required$/);
    for (let seq = 1; seq <= 34; seq += 1) {
      const who = seq <= 19 ? 'inspCq' : 'inspSc';
      await expectOk(
        act(seq, 'handover', who, { deadline: seq === 34 ? past : future, note: '一次督查两交办' }),
      );
    }
    const again = await act(1, 'handover', 'inspCq', { deadline: future });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('cannot handover a problem that is handed_over');
  });

  it('refuses moves by the wrong people with the reason (403)', async () => {
    const kjSubmitsLp = await act(2, 'plan', 'officerKj', { plan: '截污纳管' });
    expect(kjSubmitsLp.status).toBe(403);
    expect(kjSubmitsLp.body.detail).toContain('梁平区');
    await expectOk(act(2, 'plan', 'officerLp', { plan: '截污纳管' }));
    const kjSubmit = await act(2, 'submit', 'officerKj', { evidence: ['照片'] });
    expect(kjSubmit.status).toBe(403);
    expect(kjSubmit.body.detail).toMatch(/梁平区.*开江县/);
    await expectOk(act(2, 'submit', 'officerLp', { evidence: ['整改后照片 LP-02'] }));
    const outsiderVerify = await act(2, 'verify', 'inspOutsider');
    expect(outsiderVerify.status).toBe(403);
    expect(outsiderVerify.body.detail).toContain('not an inspector of this campaign');
    const officerVerify = await act(2, 'verify', 'officerLp');
    expect(officerVerify.status).toBe(403);
    const operatorVerify = await act(2, 'verify', 'operator');
    expect(operatorVerify.status).toBe(403);
    expect(operatorVerify.body.detail).toContain('only inspectors');
  });

  it('drives problems to 销号 only after both provinces verified', async () => {
    const closeSeqs = [1, 2, 3, 4, 5, 20, 21, 22];
    for (const seq of closeSeqs) {
      const officer = seq <= 19 ? 'officerLp' : 'officerKj';
      if (seq !== 2) {
        await expectOk(act(seq, 'plan', officer, { plan: '整改方案：截污纳管、粪污资源化利用' }));
        await expectOk(act(seq, 'submit', officer, { evidence: [`整改后照片 ${seq}`], note: '已完成' }));
      }
      const first = await expectOk(act(seq, 'verify', 'inspCq', { note: '现场核查合格' }));
      expect(first).toMatchObject({
        state: 'verified',
        verifications: [{ province: 'CQ', userId: ids.inspCq }],
      });
      if (seq === 1) {
        const early = await act(seq, 'close', 'inspCq');
        expect(early.status).toBe(409);
        expect(early.body.detail).toContain('SC');
        const twice = await act(seq, 'verify', 'inspCq');
        expect(twice.status).toBe(409);
      }
      await expectOk(act(seq, 'verify', 'inspSc', { note: '同一标准核查合格' }));
      const closed = await expectOk(act(seq, 'close', 'inspSc', { note: '销号' }));
      expect(closed.state).toBe('closed');
      expect(closed.closedAt).toEqual(expect.any(String));
    }
    const afterClose = await act(1, 'reject', 'inspSc', { reason: 'x' });
    expect(afterClose.status).toBe(409);

    // both provinces verifying at the same moment: the row lock keeps both verifications
    await expectOk(act(23, 'plan', 'officerKj', { plan: '尾水处理' }));
    await expectOk(act(23, 'submit', 'officerKj', { evidence: ['照片 23'] }));
    const [a, b] = await Promise.all([act(23, 'verify', 'inspCq'), act(23, 'verify', 'inspSc')]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const both = await expectOk(call('GET', `/problems/${bySeq.get(23)}`, 'inspCq'));
    expect(both.verifications.map((v: JsonBody) => v.province).sort()).toEqual(['CQ', 'SC']);
    await expectOk(act(23, 'close', 'inspCq'));
  });

  it('rejects a submission back to rectifying with the reason, then accepts the redo', async () => {
    await expectOk(act(6, 'plan', 'officerLp', { plan: '鱼塘尾水处理' }));
    await expectOk(act(6, 'submit', 'officerLp', { evidence: ['照片 6'] }));
    await expectOk(act(6, 'verify', 'inspCq'));
    const rejected = await expectOk(act(6, 'reject', 'inspSc', { reason: '尾水仍直排，标准不一致' }));
    expect(rejected).toMatchObject({ state: 'rectifying', verifications: [] });
    const missingReason = await act(6, 'reject', 'inspSc', {});
    expect(missingReason.status).toBe(400);
    await expectOk(act(6, 'submit', 'officerLp', { evidence: ['照片 6 复查'] }));

    const detail = await expectOk(call('GET', `/problems/${bySeq.get(6)}`, 'inspCq'));
    expect(detail.timeline.map((e: JsonBody) => e.action)).toEqual([
      'imported',
      'handover',
      'plan',
      'submit',
      'verify',
      'reject',
      'submit',
    ]);
    const reject = detail.timeline[5];
    expect(reject).toMatchObject({
      from: 'verified',
      to: 'rectifying',
      note: '尾水仍直排，标准不一致',
      actor: { id: ids.inspSc, role: 'inspector', province: 'SC' },
    });
  });

  it('keeps the timeline append-only in the database', async () => {
    const db = new Client({ connectionString: sys.databaseUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE problem_event SET note = 'rewritten'`)).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM problem_event')).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });

  it('counts progress per jurisdiction (19+15) with the overdue one, and reminds once', async () => {
    const overdue = await expectOk(call('GET', `/campaigns/${campaignId}/problems?overdue=true`, 'inspSc'));
    expect(overdue.items.map((p: JsonBody) => p.seq)).toEqual([34]);
    const onTime = await expectOk(
      call('GET', `/campaigns/${campaignId}/problems?overdue=false&limit=100`, 'inspSc'),
    );
    expect(onTime.items).toHaveLength(33);
    const sc = await expectOk(
      call('GET', `/campaigns/${campaignId}/problems?province=SC&state=closed`, 'inspSc'),
    );
    expect(sc.items.map((p: JsonBody) => p.seq)).toEqual([20, 21, 22, 23]);
    // an officer does not see the other side's problems one by one either
    expect((await call('GET', `/problems/${bySeq.get(1)}`, 'officerKj')).status).toBe(404);
    expect((await call('GET', `/problems/${bySeq.get(20)}`, 'officerKj')).status).toBe(200);

    const progress = await expectOk(call('GET', `/campaigns/${campaignId}/progress`, 'inspCq'));
    expect(progress.total).toMatchObject({ total: 34, closed: 9, overdue: 1, percentClosed: 26.5 });
    expect(progress.byJurisdiction).toEqual([
      expect.objectContaining({
        province: 'CQ',
        district: '梁平区',
        total: 19,
        closed: 5,
        percentClosed: 26.3,
        overdue: 0,
        byState: { found: 0, handed_over: 13, rectifying: 0, submitted: 1, verified: 0, closed: 5 },
      }),
      expect.objectContaining({
        province: 'SC',
        district: '开江县',
        total: 15,
        closed: 4,
        percentClosed: 26.7,
        overdue: 1,
      }),
    ]);
    const campaign = await expectOk(call('GET', `/campaigns/${campaignId}`, 'officerKj'));
    expect(campaign.progress).toMatchObject({ total: 34, closed: 9 });

    const reminders = sys.app.get(ProblemRemindersService, { strict: false });
    events.length = 0;
    expect(await reminders.runOnce()).toBe(1);
    expect(await reminders.runOnce()).toBe(0);
    const overdueOne = await expectOk(call('GET', `/problems/${bySeq.get(34)}`, 'officerKj'));
    expect(overdueOne.overdue).toBe(true);
    expect(overdueOne.timeline.map((e: JsonBody) => e.action)).toEqual([
      'imported',
      'handover',
      'reminder_due',
    ]);
    expect(events.map((e) => [e.type, e.topic, (e.payload as JsonBody).seq])).toEqual([
      ['problem.overdue', `platform/problems/${campaignId}`, 34],
    ]);
    // 3 days before the other deadlines (30 days out): one due_soon each, once
    expect(await reminders.runOnce(new Date(Date.now() + 28 * DAY))).toBe(23);
    expect(await reminders.runOnce(new Date(Date.now() + 28 * DAY))).toBe(0);
  });

  it('exports the list as an official table in CSV (UTF-8 with BOM) and XLSX', async () => {
    const csvRes = await fetch(`${base}/campaigns/${campaignId}/export?format=csv`, {
      headers: { authorization: `Bearer ${tokens.inspCq}` },
    });
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+\.csv"; filename\*=UTF-8''/,
    );
    const csvBytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csvBytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(OFFICIAL_COLUMNS);
    expect(rows).toHaveLength(34);
    expect(rows[0]).toMatchObject({
      序号: '1',
      类别: '生活污水',
      属地: '重庆市梁平区',
      发现方: '四川',
      状态: '已销号',
    });
    expect(rows[0].销号日期).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rows[5]).toMatchObject({ 序号: '6', 状态: '已提交', 销号日期: '' });
    expect(rows[33]).toMatchObject({ 序号: '34', 属地: '四川省开江县', 发现方: '重庆', 状态: '已交办' });
    expect(rows[33].备注).toMatch(/^逾期/);
    expect(rows.filter((r) => r.状态 === '已销号')).toHaveLength(9);

    const xlsxRes = await fetch(`${base}/campaigns/${campaignId}/export?format=xlsx`, {
      headers: { authorization: `Bearer ${tokens.inspSc}` },
    });
    expect(xlsxRes.status).toBe(200);
    expect(xlsxRes.headers.get('content-disposition')).toMatch(/\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxRes.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(OFFICIAL_COLUMNS);
    expect(sheet.rowCount).toBe(35);
    const row21 = (sheet.getRow(21).values as unknown[]).slice(1);
    expect(row21.slice(0, 5)).toEqual([20, expect.any(String), '生活污水', '四川省开江县', '重庆']);
    expect(row21[6]).toBe('已销号');

    // the exported table goes back in (status and dates are ignored; 序号 must be new, so it clashes)
    const reimport = await call('POST', `/campaigns/${campaignId}/import`, 'inspCq', csvBytes, 'text/csv');
    expect(reimport.status).toBe(400);
    expect(reimport.body.errors[0]).toEqual({
      field: 'line 2: 序号',
      message: '1 is already in this campaign',
    });
  });
  it('lets its inspectors edit the campaign, not others; a closed campaign stays closed', async () => {
    expect(
      (await call('PATCH', `/campaigns/${campaignId}`, 'inspOutsider', { status: 'closed' })).status,
    ).toBe(403);
    expect((await call('PATCH', `/campaigns/${campaignId}`, 'officerLp', { status: 'closed' })).status).toBe(
      403,
    );
    const renamed = await expectOk(
      call('PATCH', `/campaigns/${campaignId}`, 'inspSc', { endsOn: '2020-12-31' }),
    );
    expect(renamed).toMatchObject({ endsOn: '2020-12-31', status: 'active' });
    const list = await expectOk(call('GET', '/campaigns', 'officerKj'));
    expect(list.items.map((c: JsonBody) => c.id)).toContain(campaignId);
  });

  it('shows the effect on water quality at 联盟桥: class before the campaign vs now', async () => {
    // July 2020, before the campaign: ammonia nitrogen at Class IV (SPEC §7: monthly IV)
    for (const day of ['2020-07-10', '2020-07-20']) {
      const res = await call('POST', '/stations/CQ-LMQ/samples', 'inspCq', {
        ts: `${day}T08:00:00+08:00`,
        values: { ph: 7.5, do: 6.5, codmn: 3.5, nh3n: 1.3, tp: 0.08 },
      });
      expect([200, 201, 202]).toContain(res.status);
    }
    // the last days: Class II
    for (const daysAgo of [1, 2]) {
      const res = await call('POST', '/stations/CQ-LMQ/samples', 'inspCq', {
        ts: new Date(Date.now() - daysAgo * DAY).toISOString(),
        values: { ph: 7.5, do: 7.2, codmn: 3.5, nh3n: 0.4, tp: 0.08 },
      });
      expect([200, 201, 202]).toContain(res.status);
    }
    const effect = await expectOk(call('GET', `/campaigns/${campaignId}/water-quality`, 'officerLp'));
    expect(effect.stations).toEqual([
      expect.objectContaining({
        code: 'CQ-LMQ',
        targetClass: 3,
        before: expect.objectContaining({ class: 4, roman: 'IV', days: 2, compliant: false }),
        now: expect.objectContaining({ class: 2, roman: 'II', days: 2, compliant: true }),
        improvement: 2,
      }),
    ]);
  });

  it('runs a single-province campaign from an XLSX list: bad rows by row number, one verification closes', async () => {
    const created = await expectOk(
      call('POST', '/campaigns', 'inspCq', {
        name: '梁平区 2024 自查',
        basin: '嘉陵江',
        startsOn: '2024-05-01',
        joint: false,
        inspectorIds: [ids.inspCq],
      }),
      201,
    );
    expect(created.provinces).toEqual(['CQ']);
    const xlsx = async (rows: Array<Array<string | number>>) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('清单');
      sheet.addRow(['序号', '问题', '类别', '属地', '发现方', '整改时限']);
      for (const row of rows) sheet.addRow(row);
      return Buffer.from(await workbook.xlsx.writeBuffer());
    };
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const bad = await call(
      'POST',
      `/campaigns/${created.id}/import`,
      'inspCq',
      await xlsx([
        [1, '畜禽粪污直排', '畜禽养殖', '重庆市梁平区', '重庆', '2024-06-30'],
        [2, '跨省问题', '其他', '四川省开江县', '重庆', ''],
        [3, '无类别', '', 'CQ 梁平区', 'CQ', 'someday'],
      ]),
      type,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: JsonBody) => e.field)).toEqual([
      'line 3: 属地',
      'line 4: 类别',
      'line 4: 整改时限',
    ]);

    const good = await expectOk(
      call(
        'POST',
        `/campaigns/${created.id}/import`,
        'inspCq',
        await xlsx([[1, '畜禽粪污直排', '畜禽养殖', '重庆市梁平区', '重庆', '2024-06-30']]),
        type,
      ),
      201,
    );
    expect(good.imported).toBe(1);
    const one = await expectOk(
      call('POST', `/campaigns/${created.id}/problems`, 'inspCq', {
        title: '沿河垃圾堆放',
        category: 'other',
        province: 'CQ',
        district: '梁平区',
        foundBy: 'CQ',
      }),
      201,
    );
    expect(one).toMatchObject({ seq: 2, state: 'found' });
    const id = good.items[0].id as string;
    const step = (action: string, who: string, body: unknown = {}) =>
      expectOk(call('POST', `/problems/${id}/${action}`, who, body));
    // the imported 整改时限 is the handover deadline when none is given
    expect(await step('handover', 'inspCq')).toMatchObject({
      deadline: '2024-06-30T15:59:59.000Z',
      overdue: true,
    });
    await step('plan', 'officerLp', { plan: '粪污资源化' });
    await step('submit', 'officerLp', { evidence: ['照片'] });
    await step('verify', 'inspCq');
    expect(await step('close', 'inspCq')).toMatchObject({ state: 'closed' });
  });
});
