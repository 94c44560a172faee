import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CatalogueIssue, CatalogueValidation, RawRow, validateCatalogue } from './catalogue-validation';
import type { StationRecord } from './station-record';

export type CatalogueFormat = 'csv' | 'json';

/** CSV columns, in order. `downstreamCode` + `travelHours` are the flattened `downstream`. */
export const CATALOGUE_CSV_COLUMNS = [
  'code',
  'name',
  'nameVerified',
  'river',
  'riverVerified',
  'basin',
  'waterBody',
  'province',
  'district',
  'lat',
  'lon',
  'targetClass',
  'kind',
  'upstreamProvince',
  'downstreamProvince',
  'downstreamCode',
  'travelHours',
  'cadenceMinutes',
] as const;
/** Columns a CSV file may leave out; every other catalogue column is required. */
const OPTIONAL_CSV_COLUMNS = new Set<string>([
  'riverVerified',
  'upstreamProvince',
  'downstreamProvince',
  'downstreamCode',
  'travelHours',
]);
const REQUIRED_CSV_COLUMNS = CATALOGUE_CSV_COLUMNS.filter((c) => !OPTIONAL_CSV_COLUMNS.has(c));
const BOOLEAN_COLUMNS = new Set(['nameVerified', 'riverVerified']);
const NUMBER_COLUMNS = new Set(['lat', 'lon', 'targetClass', 'travelHours', 'cadenceMinutes']);

type RowsResult = { ok: true; rows: RawRow[] } | { ok: false; issues: CatalogueIssue[] };

/** Parses and validates a whole catalogue file; every bad row is reported with its line number. */
export function parseCatalogue(
  text: string,
  format: CatalogueFormat,
  existing: readonly StationRecord[] = [],
): CatalogueValidation {
  const read = format === 'csv' ? readCsvRows(text) : readJsonRows(text);
  if (!read.ok) return read;
  if (read.rows.length === 0)
    return { ok: false, issues: [{ line: 1, field: 'file', message: 'contains no stations' }] };
  return validateCatalogue(read.rows, existing);
}

export function readCsvRows(text: string): RowsResult {
  let parsed: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    parsed = parse(text, { columns: true, info: true, skip_empty_lines: true, bom: true, trim: true });
  } catch (error) {
    const e = error as { message: string; lines?: number };
    return {
      ok: false,
      issues: [{ line: e.lines ?? 1, field: 'file', message: `not valid CSV: ${e.message}` }],
    };
  }
  const header = parsed[0] ? Object.keys(parsed[0].record) : [];
  const known = new Set<string>(CATALOGUE_CSV_COLUMNS);
  const headerIssues: CatalogueIssue[] = [
    ...header
      .filter((c) => !known.has(c))
      .map((c) => ({ line: 1, field: c, message: 'is not a catalogue column' })),
    ...(parsed.length ? REQUIRED_CSV_COLUMNS.filter((c) => !header.includes(c)) : []).map((c) => ({
      line: 1,
      field: c,
      message: 'column is missing',
    })),
  ];
  if (headerIssues.length) return { ok: false, issues: headerIssues };
  return {
    ok: true,
    rows: parsed.map(({ record, info }) => ({ line: info.lines, value: fromCsvRecord(record) })),
  };
}

function fromCsvRecord(record: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    if (raw === '' || column === 'downstreamCode' || column === 'travelHours') continue;
    out[column] = coerce(column, raw);
  }
  if (record.downstreamCode || record.travelHours) {
    out.downstream = {
      code: record.downstreamCode ?? '',
      travelHours: record.travelHours ? coerce('travelHours', record.travelHours) : undefined,
    };
  }
  return out;
}

/** Leaves an uncoercible cell as its string so the schema reports it ("must be a number"). */
function coerce(column: string, raw: string): unknown {
  if (BOOLEAN_COLUMNS.has(column)) return /^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : raw;
  if (NUMBER_COLUMNS.has(column)) return /^[-+]?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return raw;
}

export function readJsonRows(text: string): RowsResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [{ line: 1, field: 'file', message: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  const items = Array.isArray(value) ? value : (value as { stations?: unknown } | null)?.stations;
  if (!Array.isArray(items)) {
    return {
      ok: false,
      issues: [{ line: 1, field: 'file', message: 'must be an array of stations (or {"stations": [...]})' }],
    };
  }
  const lines = arrayItemLines(text, Array.isArray(value) ? 1 : 2);
  return { ok: true, rows: items.map((item, i) => ({ line: lines[i] ?? 1, value: item })) };
}

/**
 * Line where each element of the stations array starts. JSON.parse forgets positions, so scan the text:
 * elements of the array at `depth` (1 for a bare array, 2 for {"stations": [...]}) start after `[` or `,`.
 */
function arrayItemLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  let line = 1;
  let level = 0;
  let inString = false;
  let expectItem = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (/\s/.test(ch)) continue;
    if (expectItem && ch !== ']') {
      lines.push(line);
      expectItem = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      level++;
      if (ch === '[' && level === depth) expectItem = true;
    } else if (ch === ']' || ch === '}') {
      level--;
      expectItem = false;
    } else if (ch === ',' && level === depth) expectItem = true;
  }
  return lines;
}

export function catalogueToCsv(records: readonly StationRecord[]): string {
  const rows = records.map((r) => ({
    ...r,
    riverVerified: r.riverVerified ?? '',
    upstreamProvince: r.upstreamProvince ?? '',
    downstreamProvince: r.downstreamProvince ?? '',
    downstreamCode: r.downstream?.code ?? '',
    travelHours: r.downstream?.travelHours ?? '',
  }));
  return stringify(rows, {
    header: true,
    columns: [...CATALOGUE_CSV_COLUMNS],
    cast: { boolean: (v) => String(v) },
  });
}

export function catalogueToJson(records: readonly StationRecord[]): string {
  return JSON.stringify(records, null, 2) + '\n';
}
