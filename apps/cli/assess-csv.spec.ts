import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessCsv, CsvFormatError, displayWidth, renderSummary, renderTable } from './assess-csv';

describe(assessCsv.name, () => {
  it('grades the shipped example file', () => {
    const sut = assessCsv(readFileSync(join(__dirname, 'examples', 'samples.csv'), 'utf8'));
    expect(sut.errors).toEqual([]);
    expect(sut.rows.map((r) => [r.line, r.station, r.waterBody, r.assessment.overall])).toEqual([
      [2, '联盟桥', 'river', 3],
      [3, '联盟桥', 'river', 5],
      [4, '水寨子', 'river', 2],
      [5, '朱沱', 'river', 2],
      [6, '玉滩水库库心', 'lake', 4],
      [7, '高洞电站', 'river', 6],
    ]);
  });

  it('reports bad rows with their line numbers and grades the rest', () => {
    const sut = assessCsv(readFileSync(join(__dirname, 'examples', 'samples-with-errors.csv'), 'utf8'));
    expect(sut.rows.map((r) => r.line)).toEqual([2]);
    expect(sut.errors).toEqual([
      { line: 3, message: 'do: "abc" is not a number' },
      { line: 4, message: expect.stringContaining('nh3n: value must not be negative') },
      { line: 5, message: expect.stringContaining('waterBody "sea"') },
      { line: 6, message: '4 fields, the header has 7' },
    ]);
  });

  it('reads headers as printed, defaults, Roman targets and empty cells', () => {
    const csv = 'NH3-N,T.P.,target\n1.2,,IV\n\n0.4,0.05,\n';
    const sut = assessCsv(csv, { waterBody: 'lake', targetClass: 2 });
    expect(sut.errors).toEqual([]);
    expect(sut.rows[0]).toMatchObject({
      line: 2,
      waterBody: 'lake',
      assessment: { classes: { nh3n: 4 }, compliant: true },
    });
    expect(sut.rows[1]).toMatchObject({
      line: 4,
      assessment: { classes: { nh3n: 2, tp: 3 }, compliant: false },
    });
  });

  it.each([
    ['', 'empty'],
    ['station,nh4\nx,1\n', 'unknown column "nh4"'],
    ['station,target\nx,3\n', 'no parameter column'],
  ])('refuses a file it cannot use: %j', (csv, message) => {
    expect(() => assessCsv(csv)).toThrow(CsvFormatError);
    expect(() => assessCsv(csv)).toThrow(message);
  });

  it.each([
    ['ph\n0x10\n', 'not a number'],
    ['ph\nInfinity\n', 'not a number'],
    ['ph,targetClass\n7,6\n', 'targetClass "6"'],
    ['ph,temp\n,20\n', undefined],
  ])('checks every cell: %j', (csv, message) => {
    const sut = assessCsv(csv);
    if (message) expect(sut.errors[0].message).toContain(message);
    else expect(sut.rows[0].assessment.overall).toBeUndefined();
  });
});

describe(renderTable.name, () => {
  it('prints Roman classes, 劣V, primary pollutants with multiples and status words, aligned for CJK', () => {
    const result = assessCsv('station,do,nh3n,tp,targetClass\n联盟桥,2.6,2.6,0.45,3\nB,8,0.1,0.01,\n');
    const text = renderTable(result);
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^2 +联盟桥 +river +劣V +III +NO +重度污染 +nh3n \(1\.6×\), tp \(1\.25×\), do$/);
    expect(lines[3]).toMatch(/^3 +B +river +I +— +— +优 +—$/);
    expect(displayWidth(lines[2].slice(0, lines[2].indexOf('river')))).toBe(lines[3].indexOf('river'));
    expect(renderTable(result, true)).toContain('nh3n     劣V  2.6 > 2 mg/L (Class V limit missed): 劣V');
    expect(renderSummary(result)).toContain('2 row(s) graded, 0 bad row(s)');
    expect(renderSummary(result)).toContain('50% in I–III, 50% 劣V → 重度污染');
  });
});
