import ExcelJS from 'exceljs';
import { DomainError } from '../errors/domain-error';
import { chinaDate, exportRow } from './problem-list.service';
import type { ProblemEntity } from './problem.entity';
import { CSV_TYPE, readSheet, writeCsv, XLSX_TYPE } from './problem-sheet';

describe('problem sheets', () => {
  it('reads CSV with a BOM; each row keeps the line it ends on, even after a quoted multi-line cell', async () => {
    const csv = '\uFEFF序号,问题,备注\n1,"污水\n直排",a\n\n2,养殖,b\n';
    const sheet = await readSheet(Buffer.from(csv, 'utf8'), `${CSV_TYPE}; charset=utf-8`);
    expect(sheet.headers).toEqual(['序号', '问题', '备注']);
    expect(sheet.rows).toEqual([
      { line: 3, cells: { 序号: '1', 问题: '污水\n直排', 备注: 'a' } },
      { line: 5, cells: { 序号: '2', 问题: '养殖', 备注: 'b' } },
    ]);
  });

  it('reports an unreadable CSV with its line, and refuses other content types', async () => {
    await expect(readSheet(Buffer.from('a,b\n1,"unclosed\n'), CSV_TYPE)).rejects.toMatchObject({
      errors: [{ field: expect.stringMatching(/^line \d+$/) }],
    });
    await expect(readSheet(Buffer.from('x'), 'application/json')).rejects.toBeInstanceOf(DomainError);
    await expect(readSheet(Buffer.from(''), CSV_TYPE)).rejects.toMatchObject({
      errors: [{ field: 'line 1' }],
    });
  });

  it('reads XLSX rows by row number: numbers, dates and rich text become text', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('清单');
    ws.addRow(['序号', '问题', '整改时限']);
    ws.addRow([1, { richText: [{ text: '污水' }, { text: '直排' }] }, new Date(Date.UTC(2020, 9, 13))]);
    ws.addRow([]);
    ws.addRow([2, '养殖', '2020-11-15']);
    const sheet = await readSheet(Buffer.from(await workbook.xlsx.writeBuffer()), XLSX_TYPE);
    expect(sheet.rows).toEqual([
      { line: 2, cells: { 序号: '1', 问题: '污水直排', 整改时限: '2020-10-13' } },
      { line: 4, cells: { 序号: '2', 问题: '养殖', 整改时限: '2020-11-15' } },
    ]);
    await expect(readSheet(Buffer.from('not a zip'), XLSX_TYPE)).rejects.toBeInstanceOf(DomainError);
  });

  it('writes the official table: CSV with BOM and CRLF, Chinese labels, China-time dates, overdue remark', () => {
    const problem = {
      seq: 7,
      title: '鱼塘尾水直排',
      category: 'aquaculture',
      province: 'SC',
      district: '开江县',
      foundBy: 'CQ',
      state: 'rectifying',
      deadline: new Date('2020-10-19T15:59:59Z'),
      closedAt: null,
      note: '联合调查',
    } as unknown as ProblemEntity;
    const row = exportRow(problem, new Date('2020-10-20T00:00:00Z'));
    expect(row).toEqual({
      序号: 7,
      问题: '鱼塘尾水直排',
      类别: '水产养殖',
      属地: '四川省开江县',
      发现方: '重庆',
      整改时限: '2020-10-19',
      状态: '整改中',
      销号日期: '',
      备注: '逾期；联合调查',
    });
    const csv = writeCsv([row]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe(
      '序号,问题,类别,属地,发现方,整改时限,状态,销号日期,备注\r\n7,鱼塘尾水直排,水产养殖,四川省开江县,重庆,2020-10-19,整改中,,逾期；联合调查\r\n',
    );
  });

  it('dates are days in China time', () => {
    expect(chinaDate(new Date('2020-10-13T16:00:00Z'))).toBe('2020-10-14');
    expect(chinaDate(new Date('2020-10-13T15:59:59Z'))).toBe('2020-10-13');
    expect(chinaDate(null)).toBe('');
  });
});
