import { parseCategory, parseSeverity, ProblemCategory, Severity } from './problem-category';
import type { ProblemProvince } from './problem-state';

/**
 * Validation of an imported problem list (CSV or XLSX, already split into cells by the caller).
 * The import is all-or-nothing: every bad cell of every row is reported as `line N: <column>`, so the
 * person who filled in the sheet can fix everything in one go.
 */
export interface RawRow {
  /** the line (CSV) or row (XLSX) number in the file, header = 1 */
  line: number;
  cells: Record<string, string>;
}

export interface ProblemDraft {
  seq: number | null;
  title: string;
  description: string;
  category: ProblemCategory;
  province: ProblemProvince;
  district: string;
  foundBy: ProblemProvince;
  severity: Severity;
  locationText: string;
  lat: number | null;
  lon: number | null;
  stationCodes: string[];
  evidence: string[];
  deadline: string | null;
  note: string;
  line: number;
}

export interface RowError {
  field: string;
  message: string;
}

/** Column names accepted for each field; the first is the official table's heading. */
export const COLUMN_ALIASES = {
  seq: ['序号', 'seq', 'no'],
  title: ['问题', '问题名称', '标题', 'title'],
  description: ['问题描述', '描述', 'description'],
  category: ['类别', '问题类别', 'category'],
  jurisdiction: ['属地', '责任属地', 'jurisdiction'],
  foundBy: ['发现方', 'found_by', 'foundBy'],
  severity: ['严重程度', 'severity'],
  location: ['位置', '地点', 'location'],
  lat: ['纬度', 'lat'],
  lon: ['经度', 'lon'],
  stations: ['关联站点', '站点', 'stations'],
  evidence: ['证据', 'evidence'],
  deadline: ['整改时限', 'deadline'],
  note: ['备注', 'note'],
} as const;
type Field = keyof typeof COLUMN_ALIASES;
const REQUIRED: Field[] = ['title', 'category', 'jurisdiction', 'foundBy'];

const PROVINCE_WORDS: Record<string, ProblemProvince> = {
  CQ: 'CQ',
  重庆: 'CQ',
  重庆市: 'CQ',
  渝: 'CQ',
  SC: 'SC',
  四川: 'SC',
  四川省: 'SC',
  川: 'SC',
};

export function parseProvince(text: string): ProblemProvince | undefined {
  return PROVINCE_WORDS[text.trim().toUpperCase()] ?? PROVINCE_WORDS[text.trim()];
}

/**
 * 属地: province then district/county, e.g. `CQ 梁平区`, `重庆市梁平区`, `四川省 开江县`, `SC/开江县`.
 * A district/county name ends in 区, 县 or 市 (county-level city).
 */
export function parseJurisdiction(text: string): { province: ProblemProvince; district: string } | undefined {
  const match = /^(CQ|SC|重庆市?|四川省?)[\s/·-]*([\p{Script=Han}]{1,20}[区县市])$/iu.exec(text.trim());
  if (!match) return undefined;
  const province = parseProvince(match[1]);
  return province ? { province, district: match[2] } : undefined;
}

export const jurisdictionLabel = (province: ProblemProvince, district: string) => `${province} ${district}`;

const splitList = (text: string, separators: RegExp) =>
  text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/** Maps the header row to fields; unknown columns are ignored (an exported list can be re-imported). */
export function mapHeader(headers: readonly string[]): {
  columns: Partial<Record<Field, string>>;
  errors: RowError[];
} {
  const columns: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(COLUMN_ALIASES) as Field[]) {
    const found = headers.find((h) => (COLUMN_ALIASES[field] as readonly string[]).includes(h.trim()));
    if (found !== undefined) columns[field] = found;
  }
  const errors = REQUIRED.filter((f) => columns[f] === undefined).map((f) => ({
    field: `line 1: ${COLUMN_ALIASES[f][0]}`,
    message: `the column is missing (accepted headings: ${COLUMN_ALIASES[f].join(', ')})`,
  }));
  return { columns, errors };
}

function parseDate(text: string): string | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text.trim());
  if (match) {
    const [y, m, d] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
    // A deadline day ends at midnight China time (UTC+8): 23:59:59 local.
    return new Date(Date.UTC(y, m - 1, d, 15, 59, 59)).toISOString();
  }
  const parsed = Date.parse(text);
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(text.trim()) && !Number.isNaN(parsed)
    ? new Date(parsed).toISOString()
    : undefined;
}

function parseCoordinate(text: string, min: number, max: number): number | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/** Validates one data row; returns the draft or the row's errors. */
export function validateRow(
  row: RawRow,
  columns: Partial<Record<Field, string>>,
): { draft?: ProblemDraft; errors: RowError[] } {
  const errors: RowError[] = [];
  const cell = (field: Field) => {
    const column = columns[field];
    return column === undefined ? '' : (row.cells[column] ?? '').trim();
  };
  const bad = (field: Field, message: string) =>
    errors.push({ field: `line ${row.line}: ${COLUMN_ALIASES[field][0]}`, message });

  let seq: number | null = null;
  if (cell('seq')) {
    if (/^\d{1,6}$/.test(cell('seq')) && Number(cell('seq')) > 0) seq = Number(cell('seq'));
    else bad('seq', 'must be a positive whole number');
  }
  const title = cell('title');
  if (!title) bad('title', 'is required');
  else if (title.length > 200) bad('title', 'is longer than 200 characters');
  const category = parseCategory(cell('category'));
  if (!category)
    bad(
      'category',
      `"${cell('category')}" is not a category (生活污水, 工业污染, 农业面源, 畜禽养殖, 水产养殖, 其他)`,
    );
  const jurisdiction = parseJurisdiction(cell('jurisdiction'));
  if (!jurisdiction)
    bad('jurisdiction', `"${cell('jurisdiction')}" is not a province and district/county, e.g. "CQ 梁平区"`);
  const foundBy = parseProvince(cell('foundBy'));
  if (!foundBy) bad('foundBy', `"${cell('foundBy')}" is not CQ or SC (重庆/四川)`);
  let severity: Severity | undefined = 'medium';
  if (cell('severity')) {
    severity = parseSeverity(cell('severity'));
    if (!severity) bad('severity', 'must be low, medium or high (低/中/高)');
  }
  const lat = cell('lat') ? parseCoordinate(cell('lat'), -90, 90) : null;
  if (lat === undefined) bad('lat', 'must be a latitude in degrees');
  const lon = cell('lon') ? parseCoordinate(cell('lon'), -180, 180) : null;
  if (lon === undefined) bad('lon', 'must be a longitude in degrees');
  if ((lat === null) !== (lon === null) && lat !== undefined && lon !== undefined)
    bad(lat === null ? 'lat' : 'lon', 'give both latitude and longitude, or neither');
  let deadline: string | null = null;
  if (cell('deadline')) {
    deadline = parseDate(cell('deadline')) ?? null;
    if (!deadline) bad('deadline', 'must be a date (YYYY-MM-DD) or a date-time with offset');
  }
  const stationCodes = splitList(cell('stations'), /[,;，；、\s]+/);
  const evidence = splitList(cell('evidence'), /[;；\n]+/);

  if (
    errors.length > 0 ||
    !category ||
    !jurisdiction ||
    !foundBy ||
    !severity ||
    lat === undefined ||
    lon === undefined
  )
    return { errors };
  return {
    errors,
    draft: {
      seq,
      title,
      description: cell('description'),
      category,
      ...jurisdiction,
      foundBy,
      severity,
      locationText: cell('location'),
      lat,
      lon,
      stationCodes,
      evidence,
      deadline,
      note: cell('note'),
      line: row.line,
    },
  };
}

/**
 * Validates a whole sheet; the list is good only when `errors` is empty. Sequence numbers (序号) must be unique in the file and must not clash with
 * the campaign's existing ones; rows without one are numbered after the highest in use.
 */
export function validateRows(
  headers: readonly string[],
  rows: readonly RawRow[],
  existingSeqs: ReadonlySet<number> = new Set(),
): { drafts: ProblemDraft[]; errors: RowError[] } {
  const header = mapHeader(headers);
  if (header.errors.length > 0) return { drafts: [], errors: header.errors };
  const errors: RowError[] = [];
  const drafts: ProblemDraft[] = [];
  const seen = new Map<number, number>();
  const dataRows = rows.filter((r) => Object.values(r.cells).some((v) => String(v ?? '').trim() !== ''));
  if (dataRows.length === 0) errors.push({ field: 'line 2', message: 'the list has no problems' });
  for (const row of dataRows) {
    const result = validateRow(row, header.columns);
    errors.push(...result.errors);
    const draft = result.draft;
    if (!draft) continue;
    if (draft.seq !== null) {
      const field = `line ${row.line}: 序号`;
      if (seen.has(draft.seq))
        errors.push({ field, message: `${draft.seq} is also used on line ${seen.get(draft.seq)}` });
      else if (existingSeqs.has(draft.seq))
        errors.push({ field, message: `${draft.seq} is already in this campaign` });
      seen.set(draft.seq, row.line);
    }
    drafts.push(draft);
  }
  // With errors the valid drafts are still returned, so the caller can add its own checks to the report.
  if (errors.length > 0) return { drafts, errors };
  let next = Math.max(0, ...existingSeqs, ...seen.keys()) + 1;
  for (const draft of drafts) if (draft.seq === null) draft.seq = next++;
  return { drafts, errors };
}
