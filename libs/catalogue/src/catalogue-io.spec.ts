import { catalogueToCsv, catalogueToJson, parseCatalogue } from './catalogue-io';
import { defaultCatalogue } from './default-catalogue';

const header =
  'code,name,nameVerified,river,basin,waterBody,province,district,lat,lon,targetClass,kind,upstreamProvince,downstreamProvince,downstreamCode,travelHours,cadenceMinutes';
const good = [
  header,
  'X-UP,上游,false,新盛河,嘉陵江,river,CQ,梁平区,30.7,107.6,3,provincial,,,X-LMQ,8,240',
  'X-LMQ,联盟桥,true,新盛河,嘉陵江,river,CQ,梁平区,30.8,107.7,3,cross-border,CQ,SC,,,240',
].join('\n');

describe('catalogue import/export', () => {
  it('parses a good CSV file into records, flattening downstream', () => {
    const result = parseCatalogue(good, 'csv');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records[0]).toMatchObject({
      code: 'X-UP',
      nameVerified: false,
      lat: 30.7,
      downstream: { code: 'X-LMQ', travelHours: 8 },
    });
    expect(result.records[1]).toMatchObject({
      kind: 'cross-border',
      upstreamProvince: 'CQ',
      downstreamProvince: 'SC',
    });
    expect(result.records[1].downstream).toBeUndefined();
  });

  it('reports every bad row of a CSV file with its line number', () => {
    const text = [
      header,
      'A1,甲,true,河,B,river,CQ,梁平区,30.7,107.6,3,national,,,,,240',
      'A2,乙,maybe,河,B,river,CQ,梁平区,30.7,107.6,3,national,,,,,240', // line 3: boolean
      'A3,丙,true,河,B,river,CQ,梁平区,45.0,107.6,3,national,,,,,240', // line 4: outside the box
      'A4,丁,true,河,B,river,CQ,梁平区,30.7,107.6,7,cross-border,,,,,240', // line 5: class, provinces
      'A1,戊,true,河,B,river,CQ,梁平区,30.7,107.6,3,national,,,NOPE,2,240', // line 6: duplicate, unknown downstream
    ].join('\n');
    const result = parseCatalogue(text, 'csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.line, i.field])).toEqual([
      [3, 'nameVerified'],
      [4, 'lat'],
      [5, 'targetClass'],
      [5, 'upstreamProvince'],
      [5, 'downstreamProvince'],
      [6, 'code'],
      [6, 'downstream.code'],
    ]);
  });

  it('rejects unknown and missing columns on the header line', () => {
    const result = parseCatalogue('code,name,colour\nA,甲,red', 'csv');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.every((i) => i.line === 1)).toBe(true);
    expect(result.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['colour', 'river', 'lat']));
  });

  it('reports JSON rows by the line where each object starts, and topology errors (cycle, other river)', () => {
    const rows = [
      { code: 'J1', river: '河', downstream: { code: 'J2', travelHours: 1 } },
      { code: 'J2', river: '河', downstream: { code: 'J1', travelHours: 1 } },
      { code: 'J3', river: '别的河', downstream: { code: 'J1', travelHours: 1 } },
    ].map((r) => ({
      name: r.code,
      nameVerified: true,
      basin: 'B',
      waterBody: 'river',
      province: 'CQ',
      district: '梁平区',
      lat: 30,
      lon: 107,
      targetClass: 3,
      kind: 'national',
      cadenceMinutes: 240,
      ...r,
    }));
    const text = '[\n' + rows.map((r) => JSON.stringify(r)).join(',\n') + '\n]';
    const result = parseCatalogue(text, 'json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => [i.line, i.code, i.message.split(':')[0]])).toEqual([
      [2, 'J1', 'river topology has a cycle'],
      [3, 'J2', 'river topology has a cycle'],
      [4, 'J3', 'station J1 is on 河, not on 别的河'],
    ]);
  });

  it('accepts a downstream link to a station already stored', () => {
    const text = JSON.stringify({
      stations: [{ ...defaultCatalogue()[0], code: 'NEW', downstream: { code: 'CQ-ZT', travelHours: 2 } }],
    });
    expect(parseCatalogue(text, 'json').ok).toBe(false);
    expect(parseCatalogue(text, 'json', defaultCatalogue()).ok).toBe(true);
  });

  it('reports broken JSON and empty files', () => {
    expect(parseCatalogue('[{', 'json')).toMatchObject({ ok: false, issues: [{ line: 1, field: 'file' }] });
    expect(parseCatalogue('[]', 'json')).toMatchObject({
      ok: false,
      issues: [{ message: 'contains no stations' }],
    });
    expect(parseCatalogue('{"a":1}', 'json')).toMatchObject({ ok: false });
  });

  it('round-trips the default catalogue through CSV and JSON', () => {
    const stations = defaultCatalogue();
    for (const [text, format] of [
      [catalogueToCsv(stations), 'csv'],
      [catalogueToJson(stations), 'json'],
    ] as const) {
      const result = parseCatalogue(text, format);
      expect(result).toEqual({ ok: true, records: stations.map((s) => expect.objectContaining(s)) });
    }
  });
});
