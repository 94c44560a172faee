import { parse } from 'csv-parse/sync';
import {
  assess,
  AssessmentError,
  KNOWN_ITEM_KEYS,
  multiSectionStatus,
  romanClass,
  type Assessment,
  type TargetClass,
  type WaterBodyKind,
  type WaterClass,
} from '@river/water-quality';

/**
 * The CSV side of `river-assess`: parses samples, grades each row with the library and renders a table.
 * Pure (text in, text out) so it is unit-tested without spawning a process.
 *
 * Header: optional `station` (or `name`, `section`, `断面`), optional `waterBody` (river | lake, 河流 | 湖库),
 * optional `targetClass` (1..5 or I..V), then parameter columns named by key (`nh3n`) or as printed
 * (`NH3-N`, `CODMn`, `pH`): case and punctuation are ignored. An empty cell is a parameter not measured.
 */
export interface GradedRow {
  line: number;
  station: string;
  waterBody: WaterBodyKind;
  assessment: Assessment;
}

export interface RowError {
  line: number;
  message: string;
}

export interface CsvAssessment {
  rows: GradedRow[];
  errors: RowError[];
}

export interface CsvOptions {
  /** used when the file has no waterBody column or the cell is empty */
  waterBody?: WaterBodyKind;
  /** used when the file has no targetClass column or the cell is empty */
  targetClass?: TargetClass;
}

/** The file itself cannot be read as samples (no header, unknown column): nothing is graded. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

const STATION_COLUMNS = new Set(['station', 'name', 'section', 'stationname', '断面', '断面名称', '站点']);
const WATER_BODY_COLUMNS = new Set(['waterbody', 'type', 'kind', '水体']);
const TARGET_COLUMNS = new Set(['targetclass', 'target', '目标', '目标水质']);
const WATER_BODIES: Record<string, WaterBodyKind> = {
  river: 'river',
  lake: 'lake',
  reservoir: 'lake',
  河流: 'river',
  湖库: 'lake',
  湖泊: 'lake',
  水库: 'lake',
};
const ROMAN_TARGETS: Record<string, TargetClass> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5 };

type Column = { kind: 'station' | 'waterBody' | 'targetClass' } | { kind: 'item'; key: string };

/** `NH3-N` → `nh3n`, `CODMn` → `codmn`, `Cr(VI)`… → letters and digits only, lower case. */
function normalise(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function columnOf(header: string): Column | undefined {
  const name = normalise(header);
  if (STATION_COLUMNS.has(name)) return { kind: 'station' };
  if (WATER_BODY_COLUMNS.has(name)) return { kind: 'waterBody' };
  if (TARGET_COLUMNS.has(name)) return { kind: 'targetClass' };
  const key = KNOWN_ITEM_KEYS.find((k) => k === name);
  return key ? { kind: 'item', key } : undefined;
}

export function assessCsv(text: string, options: CsvOptions = {}): CsvAssessment {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new CsvFormatError(`not a readable CSV file: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new CsvFormatError('the file is empty: expected a header line');
  const [header, ...body] = records;
  const columns = header.record.map((name, index) => {
    const column = columnOf(name);
    if (!column) {
      throw new CsvFormatError(
        `line ${header.info.lines}, column ${index + 1}: unknown column "${name}"; known: station, waterBody, targetClass, ${KNOWN_ITEM_KEYS.join(', ')}`,
      );
    }
    return column;
  });
  if (!columns.some((c) => c.kind === 'item'))
    throw new CsvFormatError('the header names no parameter column');

  const rows: GradedRow[] = [];
  const errors: RowError[] = [];
  for (const { record, info } of body) {
    const line = info.lines;
    try {
      rows.push({ line, ...gradeRecord(record, columns, options) });
    } catch (error) {
      if (!(error instanceof RowProblem || error instanceof AssessmentError)) throw error;
      errors.push({ line, message: error.message });
    }
  }
  return { rows, errors };
}

class RowProblem extends Error {}

function gradeRecord(record: string[], columns: Column[], options: CsvOptions): Omit<GradedRow, 'line'> {
  if (record.length !== columns.length) {
    throw new RowProblem(`${record.length} fields, the header has ${columns.length}`);
  }
  let station = '';
  let waterBody = options.waterBody ?? 'river';
  let targetClass = options.targetClass;
  const values: Record<string, number> = {};
  columns.forEach((column, i) => {
    const cell = record[i];
    if (cell === '') return;
    switch (column.kind) {
      case 'station':
        station = cell;
        return;
      case 'waterBody': {
        const kind = WATER_BODIES[cell.toLowerCase()];
        if (!kind) throw new RowProblem(`waterBody "${cell}" must be river or lake`);
        waterBody = kind;
        return;
      }
      case 'targetClass': {
        const target =
          ROMAN_TARGETS[cell.toLowerCase()] ??
          (/^[1-5]$/.test(cell) ? (Number(cell) as TargetClass) : undefined);
        if (!target) throw new RowProblem(`targetClass "${cell}" must be 1..5 or I..V`);
        targetClass = target;
        return;
      }
      case 'item': {
        // Number('') and Number(' ') are 0 and hex/`Infinity` parse too: accept plain decimals only
        if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) {
          throw new RowProblem(`${column.key}: "${cell}" is not a number`);
        }
        values[column.key] = Number(cell);
      }
    }
  });
  if (Object.keys(values).length === 0) throw new RowProblem('no parameter value on this row');
  return { station, waterBody, assessment: assess({ waterBody, values, targetClass }) };
}

/** Terminal width of a string: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function classText(cls: WaterClass | undefined): string {
  return cls === undefined ? '—' : romanClass(cls);
}

function primaryText(a: Assessment): string {
  if (a.primary.length === 0) return '—';
  return a.primary
    .map((item) => (a.exceedance[item] !== undefined ? `${item} (${a.exceedance[item]}×)` : item))
    .join(', ');
}

/** A readable table: one line per graded row, with per-item explanation lines when `explain` is set. */
export function renderTable(result: CsvAssessment, explain = false): string {
  const head = ['line', 'station', 'water', 'class', 'target', 'complies', 'status', 'primary pollutants'];
  const table = result.rows.map((row) => {
    const a = row.assessment;
    return [
      String(row.line),
      row.station || '—',
      row.waterBody,
      classText(a.overall),
      a.targetClass === undefined ? '—' : classText(a.targetClass),
      a.compliant === undefined ? '—' : a.compliant ? 'yes' : 'NO',
      a.status ?? '—',
      primaryText(a),
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(displayWidth(h), ...table.map((cells) => displayWidth(cells[i]))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  result.rows.forEach((row, index) => {
    out.push(line(table[index]));
    if (explain) {
      for (const e of row.assessment.explanation)
        out.push(`      ${pad(e.item, 8)} ${pad(classText(e.class), 4)} ${e.note ?? ''}`);
      if (row.assessment.notGraded.length)
        out.push(`      not graded: ${row.assessment.notGraded.join(', ')}`);
    }
  });
  return out.join('\n');
}

/** Footer: counts, and the multi-section status when several rows were graded. */
export function renderSummary(result: CsvAssessment): string {
  const classes = result.rows
    .map((r) => r.assessment.overall)
    .filter((c): c is WaterClass => c !== undefined);
  const parts = [`${result.rows.length} row(s) graded, ${result.errors.length} bad row(s)`];
  if (classes.length >= 2) {
    const s = multiSectionStatus(classes);
    parts.push(
      `all rows as sections: ${Math.round(s.shareGood * 1000) / 10}% in I–III, ${Math.round(s.shareWorseThanV * 1000) / 10}% 劣V → ${s.status}`,
    );
  }
  return parts.join('\n');
}
