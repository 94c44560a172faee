import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PARAMETER_KEYS, type DataFlag, type ParameterKey, type WaterClass } from '@river/contracts';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import type { ReadingRow } from '../ingestion/raw-message';
import type { Series, SeriesQuery, SqlExecutor, TelemetryStore } from './telemetry-store';

/** First day (UTC) of the month of `ms`, and of the next month. */
export function monthBounds(ms: number): { from: Date; to: Date; name: string } {
  const d = new Date(ms);
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  const name = `reading_y${from.getUTCFullYear()}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
  return { from, to, name };
}

const BUCKET: Record<string, string> = { '1h': 'hour', '1d': 'day' };

const COLUMN_INDEX = Object.fromEntries(PARAMETER_KEYS.map((p, i) => [p, i])) as Record<ParameterKey, number>;

/**
 * One multi-row INSERT from arrays (station, ts, received_at, then value/flag/class arrays per parameter).
 * On a repeated (station, sampling time) only parameters still empty are filled: a duplicate
 * (station, parameter, sampling time) is never stored twice, and the no-op update is skipped.
 */
const INSERT_WIDE = (() => {
  const n = PARAMETER_KEYS.length;
  const cols = PARAMETER_KEYS.flatMap((p) => [`v_${p}`, `f_${p}`, `c_${p}`]);
  const arrays = [
    '$1::text[]',
    '$2::timestamptz[]',
    '$3::timestamptz[]',
    ...PARAMETER_KEYS.map((_, i) => `$${4 + i}::float8[]`),
    ...PARAMETER_KEYS.map((_, i) => `$${4 + n + i}::char(1)[]`),
    ...PARAMETER_KEYS.map((_, i) => `$${4 + 2 * n + i}::smallint[]`),
  ];
  const names = [
    's',
    't',
    'r',
    ...PARAMETER_KEYS.map((p) => `v_${p}`),
    ...PARAMETER_KEYS.map((p) => `f_${p}`),
    ...PARAMETER_KEYS.map((p) => `c_${p}`),
  ];
  const fill = PARAMETER_KEYS.flatMap((p) => [
    `v_${p} = COALESCE(reading.v_${p}, EXCLUDED.v_${p})`,
    `f_${p} = CASE WHEN reading.v_${p} IS NULL THEN EXCLUDED.f_${p} ELSE reading.f_${p} END`,
    `c_${p} = CASE WHEN reading.v_${p} IS NULL THEN EXCLUDED.c_${p} ELSE reading.c_${p} END`,
  ]);
  const anyNew = PARAMETER_KEYS.map((p) => `(reading.v_${p} IS NULL AND EXCLUDED.v_${p} IS NOT NULL)`).join(
    ' OR ',
  );
  return `INSERT INTO reading (station_code, ts, received_at, ${cols.join(', ')})
    SELECT s, t, r, ${cols.join(', ')} FROM unnest(${arrays.join(', ')}) AS x(${names.join(', ')})
    ON CONFLICT (station_code, ts) DO UPDATE SET ${fill.join(', ')} WHERE ${anyNew}`;
})();

/**
 * PostgreSQL telemetry: `reading`, natively partitioned by month on sampling time (partitions created on
 * demand, before the ingestion transaction, and a few months ahead at start). Writes are one multi-row
 * INSERT … SELECT FROM unnest(arrays) per batch with ON CONFLICT DO NOTHING (dedupe on the primary key).
 */
@Injectable()
export class PgTelemetryStore implements TelemetryStore {
  private readonly partitions = new Set<string>();
  private readonly ranges: Array<[number, number]> = [];

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async prepare(rows: readonly ReadingRow[]): Promise<void> {
    const missing = new Map<string, ReturnType<typeof monthBounds>>();
    let lastMs = NaN;
    for (const row of rows) {
      const ms = row.ts.getTime();
      if (ms === lastMs || this.covered(ms)) {
        lastMs = ms;
        continue;
      }
      const month = monthBounds(ms);
      missing.set(month.name, month);
    }
    for (const month of missing.values()) await this.ensurePartition(month);
  }

  /** Hot path: most rows of a batch fall in a month already known. */
  private covered(ms: number): boolean {
    for (const [from, to] of this.ranges) if (ms >= from && ms < to) return true;
    return false;
  }

  async ensureMonthsAround(now: Date, ahead = 2): Promise<void> {
    for (let i = -1; i <= ahead; i++) {
      await this.ensurePartition(monthBounds(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1)));
    }
  }

  private async ensurePartition(month: ReturnType<typeof monthBounds>): Promise<void> {
    // Serialised across processes: two ingesters creating the same month must not race.
    await this.dataSource.transaction(async (m) => {
      await m.query("SELECT pg_advisory_xact_lock(hashtext('river.reading.partition'))");
      await m.query(
        `CREATE TABLE IF NOT EXISTS ${month.name} PARTITION OF reading FOR VALUES FROM ('${month.from.toISOString()}') TO ('${month.to.toISOString()}')`,
      );
    });
    if (!this.partitions.has(month.name)) this.ranges.push([month.from.getTime(), month.to.getTime()]);
    this.partitions.add(month.name);
  }

  async write(rows: readonly ReadingRow[], tx: SqlExecutor): Promise<void> {
    if (rows.length === 0) return;
    // Pivot parameter rows into one row per (station, sampling time); rows of one sample are adjacent.
    const station: string[] = [];
    const ts: string[] = [];
    const received: string[] = [];
    const v = PARAMETER_KEYS.map(() => [] as Array<number | null>);
    const f = PARAMETER_KEYS.map(() => [] as Array<string | null>);
    const c = PARAMETER_KEYS.map(() => [] as Array<number | null>);
    let lastKey = '';
    for (const r of rows) {
      const key = `${r.station}|${r.ts.getTime()}`;
      if (key !== lastKey) {
        lastKey = key;
        station.push(r.station);
        ts.push(r.ts.toISOString());
        received.push(r.receivedAt.toISOString());
        for (let i = 0; i < PARAMETER_KEYS.length; i++) {
          v[i].push(null);
          f[i].push(null);
          c[i].push(null);
        }
      }
      const i = COLUMN_INDEX[r.parameter];
      const at = station.length - 1;
      v[i][at] = r.value;
      f[i][at] = r.flag;
      c[i][at] = r.class ?? null;
    }
    await tx.query(INSERT_WIDE, [station, ts, received, ...v, ...f, ...c]);
  }

  async series(query: SeriesQuery): Promise<Series[]> {
    const parameters = query.parameters?.length ? query.parameters : PARAMETER_KEYS;
    const params = [query.station, query.from.toISOString(), query.to.toISOString()];
    const bucket = BUCKET[query.interval];
    const out: Series[] = [];
    for (const parameter of parameters) {
      // column names come from the fixed parameter list, never from the request
      const col = COLUMN_INDEX[parameter] === undefined ? undefined : parameter;
      if (!col) continue;
      const sql = bucket
        ? `SELECT date_trunc('${bucket}', ts, 'Asia/Shanghai') AS ts, avg(v_${col}) AS value, NULL::smallint AS class, 'N' AS flag
             FROM reading WHERE station_code = $1 AND ts >= $2 AND ts < $3 AND v_${col} IS NOT NULL AND f_${col} = 'N'
             GROUP BY 1 ORDER BY 1 LIMIT 100000`
        : `SELECT ts, v_${col} AS value, c_${col} AS class, f_${col} AS flag FROM reading
             WHERE station_code = $1 AND ts >= $2 AND ts < $3 AND v_${col} IS NOT NULL ORDER BY ts LIMIT 100000`;
      const rows = (await this.dataSource.query(sql, params)) as Array<{
        ts: Date;
        value: number;
        class: number | null;
        flag: string;
      }>;
      if (rows.length === 0) continue;
      out.push({
        parameter,
        points: rows.map((row) => ({
          ts: new Date(row.ts),
          value: Number(row.value),
          class: (row.class ?? null) as WaterClass | null,
          flag: row.flag.trim() as DataFlag,
        })),
      });
    }
    return out;
  }

  async check(): Promise<HealthIndicatorResult> {
    try {
      await this.dataSource.query('SELECT 1 FROM reading LIMIT 1');
      return { telemetry: { status: 'up', adapter: 'postgresql' } };
    } catch (error) {
      return { telemetry: { status: 'down', adapter: 'postgresql', message: (error as Error).message } };
    }
  }
}
