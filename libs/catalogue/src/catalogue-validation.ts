import { stationRecordSchema } from './station-schema';
import type { StationRecord } from './station-record';

/** One problem of an imported catalogue, located by the line of the file where its row starts. */
export interface CatalogueIssue {
  line: number;
  code?: string;
  field: string;
  message: string;
}

/** A row as read from a file, before validation. */
export interface RawRow {
  line: number;
  value: unknown;
}

export type CatalogueValidation =
  { ok: true; records: StationRecord[] } | { ok: false; issues: CatalogueIssue[] };

/**
 * Validates every row (shape, ranges) and then the catalogue as a whole: unique codes, downstream
 * stations that exist and lie on the same river, no cycles. `existing` are stations already stored that
 * imported rows may point to (rows with the same code replace them). Reports every problem, not the first.
 */
export function validateCatalogue(
  rows: RawRow[],
  existing: readonly StationRecord[] = [],
): CatalogueValidation {
  const issues: CatalogueIssue[] = [];
  const valid: Array<{ line: number; record: StationRecord }> = [];
  for (const row of rows) {
    const parsed = stationRecordSchema.safeParse(row.value);
    if (parsed.success) {
      valid.push({ line: row.line, record: parsed.data });
      continue;
    }
    const code = (row.value as { code?: unknown } | null)?.code;
    for (const issue of parsed.error.issues) {
      issues.push({
        line: row.line,
        ...(typeof code === 'string' ? { code } : {}),
        field: issue.path.length ? issue.path.join('.') : 'row',
        message: issue.message,
      });
    }
  }

  const lineOf = new Map<string, number>();
  for (const { line, record } of valid) {
    const first = lineOf.get(record.code);
    if (first !== undefined) {
      issues.push({
        line,
        code: record.code,
        field: 'code',
        message: `duplicates the station on line ${first}`,
      });
    } else lineOf.set(record.code, line);
  }

  const merged = new Map(existing.map((s) => [s.code, s]));
  for (const { record } of valid) merged.set(record.code, record);
  for (const { line, record } of valid) {
    const next = record.downstream && merged.get(record.downstream.code);
    if (record.downstream && !next) {
      issues.push({
        line,
        code: record.code,
        field: 'downstream.code',
        message: `station ${record.downstream.code} is unknown`,
      });
    } else if (next && next.river !== record.river) {
      issues.push({
        line,
        code: record.code,
        field: 'downstream.code',
        message: `station ${next.code} is on ${next.river}, not on ${record.river}`,
      });
    }
  }
  for (const cycle of findCycles([...merged.values()])) {
    const imported = cycle.filter((code) => lineOf.has(code));
    for (const code of imported.length ? imported : cycle) {
      issues.push({
        line: lineOf.get(code) ?? 0,
        code,
        field: 'downstream.code',
        message: `river topology has a cycle: ${cycle.join(' → ')}`,
      });
    }
  }

  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.line - b.line) };
  return { ok: true, records: valid.map((v) => v.record) };
}

/** Every cycle of the downstream relation (each node has at most one successor, so cycles are disjoint). */
export function findCycles(stations: readonly StationRecord[]): string[][] {
  const next = new Map(stations.map((s) => [s.code, s.downstream?.code]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  for (const start of next.keys()) {
    const path: string[] = [];
    let code: string | undefined = start;
    while (code !== undefined && next.has(code) && !state.has(code)) {
      state.set(code, 'visiting');
      path.push(code);
      code = next.get(code);
    }
    if (code !== undefined && state.get(code) === 'visiting') cycles.push(path.slice(path.indexOf(code)));
    for (const visited of path) state.set(visited, 'done');
  }
  return cycles;
}
