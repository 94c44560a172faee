import { InfluxDB, Point } from '@influxdata/influxdb-client';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ReadingRow } from '../../ingestion/raw-message';
import type { Series, SeriesQuery, SqlExecutor, TelemetryStore } from '../telemetry-store';
import { seriesFlux, toSeries, type FluxRow } from './influx-flux';

export interface InfluxSettings {
  url: string;
  token: string;
  org: string;
  bucket: string;
  /** per HTTP request; a slow InfluxDB must not hold the ingestion transaction for ever */
  timeoutMs?: number;
}

/** The tags a station contributes besides its code (from the catalogue). */
export interface StationTags {
  province: string;
  river: string;
}
export type StationTagLookup = (code: string) => Promise<StationTags | undefined>;

/**
 * InfluxDB 2.x telemetry (INFLUX_URL set). One measurement per station (named by its code), tags
 * station/parameter/province/river, fields value (float), class (integer, absent when ungraded), flag
 * (string), millisecond precision.
 *
 * Consistency with PostgreSQL — "Influx first, then commit PostgreSQL": `write()` runs inside the
 * ingestion transaction (after the graded samples are inserted, before COMMIT) and resolves only when
 * InfluxDB answered 204. If InfluxDB fails, the write throws, the PostgreSQL transaction rolls back and
 * the pipeline retries the whole batch with backoff, holding the device acks: nothing is acknowledged
 * before both stores have it, and an InfluxDB outage pauses ingestion exactly as a PostgreSQL outage does
 * (bounded memory: the sources stop reading). If InfluxDB accepted the batch but the COMMIT then fails,
 * the retry writes the same points again: a point is identified by measurement + tags + time, so the
 * second write replaces the first with identical values (idempotent). Batching is the pipeline's group
 * commit: one HTTP request per batch.
 */
export class InfluxTelemetryStore implements TelemetryStore {
  private readonly client: InfluxDB;
  private readonly tagCache = new Map<string, { tags: StationTags | undefined; until: number }>();

  constructor(
    private readonly settings: InfluxSettings,
    private readonly stationTags: StationTagLookup,
  ) {
    this.client = new InfluxDB({
      url: settings.url,
      token: settings.token,
      timeout: settings.timeoutMs ?? 10_000,
    });
  }

  async prepare(): Promise<void> {
    // nothing to create ahead: InfluxDB creates series on write
  }

  async write(rows: readonly ReadingRow[], _tx: SqlExecutor): Promise<void> {
    if (rows.length === 0) return;
    const points: Point[] = [];
    for (const row of rows) {
      const tags = await this.tagsOf(row.station);
      const point = new Point(row.station)
        .tag('station', row.station)
        .tag('parameter', row.parameter)
        .floatField('value', row.value)
        .stringField('flag', row.flag)
        .timestamp(row.ts);
      if (tags) point.tag('province', tags.province).tag('river', tags.river);
      if (row.class !== undefined) point.intField('class', row.class);
      points.push(point);
    }
    // No client-side retry and no background buffer: the caller's transaction decides (see class doc).
    const writeApi = this.client.getWriteApi(this.settings.org, this.settings.bucket, 'ms', {
      batchSize: points.length + 1,
      flushInterval: 0,
      maxRetries: 0,
      writeFailed: (error: Error) => Promise.reject(error),
    });
    writeApi.writePoints(points);
    try {
      await writeApi.flush();
    } finally {
      await writeApi.close().catch(() => undefined);
    }
  }

  async series(query: SeriesQuery): Promise<Series[]> {
    const rows = await this.client
      .getQueryApi(this.settings.org)
      .collectRows<FluxRow>(seriesFlux(this.settings.bucket, query));
    return toSeries(rows, query.interval !== 'raw');
  }

  async check(): Promise<HealthIndicatorResult> {
    try {
      const response = await fetch(new URL('/health', this.settings.url), {
        signal: AbortSignal.timeout(3000),
      });
      if (!response.ok) throw new Error(`InfluxDB /health answered ${response.status}`);
      return { telemetry: { status: 'up', adapter: 'influxdb' } };
    } catch (error) {
      return { telemetry: { status: 'down', adapter: 'influxdb', message: (error as Error).message } };
    }
  }

  private async tagsOf(code: string): Promise<StationTags | undefined> {
    const now = Date.now();
    const hit = this.tagCache.get(code);
    if (hit && hit.until > now) return hit.tags;
    const tags = await this.stationTags(code);
    this.tagCache.set(code, { tags, until: now + 60_000 });
    return tags;
  }
}
