import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { RawRow } from '@river/workflow';
import { validationFailed } from '../errors/domain-error';

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Sheet {
  headers: string[];
  rows: RawRow[];
}

const MAX_ROWS = 5000;

/** Splits an uploaded list into header + rows, each row with its line (CSV) or row (XLSX) number. */
export async function readSheet(body: Buffer, contentType: string): Promise<Sheet> {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === CSV_TYPE || type === 'application/csv') return readCsv(body);
  if (type === XLSX_TYPE) return readXlsx(body);
  throw validationFailed(
    [{ field: 'content-type', message: `send ${CSV_TYPE} or ${XLSX_TYPE}, not ${type || 'nothing'}` }],
    'unsupported upload type',
  );
}

function toRows(records: Array<{ line: number; cells: string[] }>): Sheet {
  const [header, ...data] = records;
  if (!header) throw validationFailed([{ field: 'line 1', message: 'the file is empty' }]);
  if (data.length > MAX_ROWS)
    throw validationFailed([{ field: 'rows', message: `at most ${MAX_ROWS} problems per import` }]);
  const headers = header.cells.map((h) => h.trim());
  return {
    headers,
    rows: data.map(({ line, cells }) => ({
      line,
      cells: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])),
    })),
  };
}

function readCsv(body: Buffer): Sheet {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body.toString('utf8'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw validationFailed(
      [{ field: line ? `line ${line}` : 'body', message: (error as Error).message }],
      'the CSV cannot be read',
    );
  }
  return toRows(records.map(({ record, info }) => ({ line: info.lines, cells: record })));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

async function readXlsx(body: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
  } catch (error) {
    throw validationFailed([{ field: 'body', message: (error as Error).message }], 'the XLSX cannot be read');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw validationFailed([{ field: 'body', message: 'the workbook has no sheet' }]);
  const records: Array<{ line: number; cells: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value).trim());
    records.push({ line: rowNumber, cells });
  });
  return toRows(records);
}

/** The official table's columns, in order. */
export const EXPORT_COLUMNS = [
  '序号',
  '问题',
  '类别',
  '属地',
  '发现方',
  '整改时限',
  '状态',
  '销号日期',
  '备注',
] as const;
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>;

/** CSV in UTF-8 with a BOM, so Excel opens the Chinese text correctly. */
export function writeCsv(rows: ExportRow[]): Buffer {
  const text = stringify(rows, { header: true, columns: [...EXPORT_COLUMNS], record_delimiter: 'windows' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

export async function writeXlsx(title: string, rows: ExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'river';
  const sheet = workbook.addWorksheet('问题清单');
  const widths: Record<string, number> = {
    序号: 6,
    问题: 40,
    类别: 10,
    属地: 14,
    发现方: 8,
    整改时限: 12,
    状态: 8,
    销号日期: 12,
    备注: 30,
  };
  sheet.columns = EXPORT_COLUMNS.map((key) => ({ header: key, key, width: widths[key] }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row);
  workbook.title = title;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
