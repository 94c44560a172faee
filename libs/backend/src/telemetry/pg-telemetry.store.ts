import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataFlag, ParameterKey, WaterClass } from '@river/contracts';
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

/**
 * PostgreSQL telemetry: `reading`, natively partitioned by month on sampling time (partitions created on
 * demand, before the ingestion transaction, and a few months ahead at start). Writes are one multi-row
 * INSERT … SELECT FROM unnest(arrays) per batch with ON CONFLICT DO NOTHING (dedupe on the primary key).
 */
@Injectable()
export class PgTelemetryStore implements TelemetryStore {
  private readonly partitions = new Set<string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async prepare(rows: readonly ReadingRow[]): Promise<void> {
    const missing = new Map<string, ReturnType<typeof monthBounds>>();
    for (const row of rows) {
      const month = monthBounds(row.ts.getTime());
      if (!this.partitions.has(month.name)) missing.set(month.name, month);
    }
    for (const month of missing.values()) await this.ensurePartition(month);
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
    this.partitions.add(month.name);
  }

  async write(rows: readonly ReadingRow[], tx: SqlExecutor): Promise<void> {
    if (rows.length === 0) return;
    const n = rows.length;
    const station = new Array<string>(n);
    const parameter = new Array<string>(n);
    const ts = new Array<string>(n);
    const value = new Array<number>(n);
    const flag = new Array<string>(n);
    const cls = new Array<number | null>(n);
    const received = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      station[i] = r.station;
      parameter[i] = r.parameter;
      ts[i] = r.ts.toISOString();
      value[i] = r.value;
      flag[i] = r.flag;
      cls[i] = r.class ?? null;
      received[i] = r.receivedAt.toISOString();
    }
    await tx.query(
      `INSERT INTO reading (station_code, parameter, ts, value, flag, class, received_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::char(1)[], $6::smallint[], $7::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [station, parameter, ts, value, flag, cls, received],
    );
  }

  async series(query: SeriesQuery): Promise<Series[]> {
    const params: unknown[] = [query.station, query.from.toISOString(), query.to.toISOString()];
    let filter = '';
    if (query.parameters?.length) {
      params.push(query.parameters);
      filter = ' AND parameter = ANY($4::text[])';
    }
    const bucket = BUCKET[query.interval];
    const sql = bucket
      ? `SELECT parameter, date_trunc('${bucket}', ts, 'Asia/Shanghai') AS ts, avg(value) AS value, NULL::smallint AS class, 'N' AS flag
           FROM reading WHERE station_code = $1 AND ts >= $2 AND ts < $3 AND flag = 'N'${filter}
           GROUP BY parameter, 2 ORDER BY parameter, 2 LIMIT 100000`
      : `SELECT parameter, ts, value, class, flag FROM reading
           WHERE station_code = $1 AND ts >= $2 AND ts < $3${filter} ORDER BY parameter, ts LIMIT 100000`;
    const rows = (await this.dataSource.query(sql, params)) as Array<{
      parameter: ParameterKey;
      ts: Date;
      value: number;
      class: number | null;
      flag: string;
    }>;
    const byParameter = new Map<ParameterKey, Series>();
    for (const row of rows) {
      let series = byParameter.get(row.parameter);
      if (!series) byParameter.set(row.parameter, (series = { parameter: row.parameter, points: [] }));
      series.points.push({
        ts: new Date(row.ts),
        value: Number(row.value),
        class: (row.class ?? null) as WaterClass | null,
        flag: row.flag.trim() as DataFlag,
      });
    }
    return [...byParameter.values()];
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
