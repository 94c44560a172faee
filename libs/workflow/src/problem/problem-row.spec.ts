import { parseCategory, parseSeverity } from './problem-category';
import { mapHeader, parseJurisdiction, RawRow, validateRows } from './problem-row';

const headers = [
  '序号',
  '问题',
  '类别',
  '属地',
  '发现方',
  '严重程度',
  '经度',
  '纬度',
  '关联站点',
  '证据',
  '整改时限',
  '备注',
];
const row = (line: number, cells: Partial<Record<string, string>>): RawRow => ({
  line,
  cells: {
    序号: '',
    问题: '生活污水直排',
    类别: '生活污水',
    属地: 'CQ 梁平区',
    发现方: 'SC',
    严重程度: '',
    经度: '',
    纬度: '',
    关联站点: '',
    证据: '',
    整改时限: '',
    备注: '',
    ...cells,
  } as Record<string, string>,
});

describe('problem list import validation', () => {
  it('accepts a good list, numbering rows without 序号 after the highest in use', () => {
    const { drafts, errors } = validateRows(
      headers,
      [
        row(2, {
          序号: '5',
          关联站点: 'A500000_0001、A500000_0002',
          证据: '照片1;照片2',
          经度: '107.8',
          纬度: '30.6',
        }),
        row(3, { 属地: '四川省开江县', 类别: '莲藕种植', 严重程度: '高', 整改时限: '2026-10-13' }),
      ],
      new Set([1, 2]),
    );
    expect(errors).toEqual([]);
    expect(drafts).toHaveLength(2);
    expect(drafts[0]).toMatchObject({
      seq: 5,
      province: 'CQ',
      district: '梁平区',
      foundBy: 'SC',
      severity: 'medium',
      stationCodes: ['A500000_0001', 'A500000_0002'],
      evidence: ['照片1', '照片2'],
      lon: 107.8,
      lat: 30.6,
    });
    expect(drafts[1]).toMatchObject({
      seq: 6,
      province: 'SC',
      district: '开江县',
      category: 'agricultural_non_point',
      severity: 'high',
      deadline: '2026-10-13T15:59:59.000Z',
    });
  });

  it('reports every bad cell of every row with its line number, and imports nothing', () => {
    const { drafts, errors } = validateRows(headers, [
      row(2, {}),
      row(3, { 属地: '梁平区' }),
      row(4, { 类别: '养猪', 发现方: '湖北', 严重程度: 'critical' }),
      row(5, { 问题: '', 经度: '200', 纬度: '30' }),
      row(6, { 整改时限: '2026-02-30', 序号: 'x' }),
      row(7, { 属地: 'XX 梁平区', 纬度: '30.5' }),
    ]);
    expect(drafts.map((d) => d.line)).toEqual([2]);
    expect(errors.map((e) => e.field)).toEqual([
      'line 3: 属地',
      'line 4: 类别',
      'line 4: 发现方',
      'line 4: 严重程度',
      'line 5: 问题',
      'line 5: 经度',
      'line 6: 序号',
      'line 6: 整改时限',
      'line 7: 属地',
      'line 7: 经度',
    ]);
    expect(errors[0].message).toContain('"梁平区"');
  });

  it('finds duplicate 序号 in the file and clashes with the campaign', () => {
    const { errors } = validateRows(
      headers,
      [row(2, { 序号: '1' }), row(3, { 序号: '1' }), row(4, { 序号: '9' })],
      new Set([9]),
    );
    expect(errors).toEqual([
      { field: 'line 3: 序号', message: '1 is also used on line 2' },
      { field: 'line 4: 序号', message: '9 is already in this campaign' },
    ]);
  });

  it('names missing required columns, ignores unknown ones, skips blank rows, refuses an empty list', () => {
    expect(mapHeader(['问题', '状态']).errors.map((e) => e.field)).toEqual([
      'line 1: 类别',
      'line 1: 属地',
      'line 1: 发现方',
    ]);
    expect(mapHeader(['title', 'category', 'jurisdiction', 'found_by', '状态']).errors).toEqual([]);
    const blank = { line: 3, cells: Object.fromEntries(headers.map((h) => [h, ' '])) };
    expect(validateRows(headers, [row(2, {}), blank]).drafts).toHaveLength(1);
    expect(validateRows(headers, [blank]).errors).toEqual([
      { field: 'line 2', message: 'the list has no problems' },
    ]);
  });

  it('parses jurisdictions, categories and severities in the forms officials write them', () => {
    expect(parseJurisdiction('CQ 梁平区')).toEqual({ province: 'CQ', district: '梁平区' });
    expect(parseJurisdiction('重庆市梁平区')).toEqual({ province: 'CQ', district: '梁平区' });
    expect(parseJurisdiction('sc/开江县')).toEqual({ province: 'SC', district: '开江县' });
    expect(parseJurisdiction('四川 达州市')).toEqual({ province: 'SC', district: '达州市' });
    expect(parseJurisdiction('开江县')).toBeUndefined();
    expect(parseJurisdiction('CQ Liangping')).toBeUndefined();
    expect(parseCategory('aquaculture')).toBe('aquaculture');
    expect(parseCategory('畜禽养殖')).toBe('livestock_poultry');
    expect(parseCategory('unknown')).toBeUndefined();
    expect(parseSeverity('HIGH')).toBe('high');
    expect(parseSeverity('一般')).toBe('medium');
  });
});
