import {
  fluxDateTime,
  fluxExpression,
  fluxString,
  type ParameterizedQuery,
} from '@influxdata/influxdb-client';
import { flux } from '@influxdata/influxdb-client';
import type { DataFlag, ParameterKey, WaterClass } from '@river/contracts';
import type { Series, SeriesQuery } from '../telemetry-store';

/** Row cap, as the PostgreSQL adapter's LIMIT 100000. */
export const MAX_POINTS = 100_000;

/**
 * The Flux query behind `series()`. Points are pivoted back into one row per reading (value, class, flag).
 * Aggregates average only N-flagged values; 1d windows start at midnight China Standard Time
 * (UTC+8, no DST: offset -8h from UTC midnight), like the PostgreSQL adapter's date_trunc in Asia/Shanghai.
 */
export function seriesFlux(bucket: string, query: SeriesQuery): ParameterizedQuery {
  const parameterFilter = query.parameters?.length
    ? fluxExpression(query.parameters.map((p) => `r.parameter == ${fluxString(p)}`).join(' or '))
    : fluxExpression('true');
  const head = flux`from(bucket: ${bucket})
  |> range(start: ${fluxDateTime(query.from.toISOString())}, stop: ${fluxDateTime(query.to.toISOString())})
  |> filter(fn: (r) => r._measurement == ${query.station} and r.station == ${query.station})
  |> filter(fn: (r) => ${parameterFilter})
  |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")`;
  if (query.interval === 'raw') {
    return flux`${head}
  |> keep(columns: ["_time", "parameter", "value", "class", "flag"])
  |> group(columns: ["parameter"])
  |> sort(columns: ["_time"])
  |> limit(n: ${MAX_POINTS})`;
  }
  const every = fluxExpression(query.interval);
  const offset = fluxExpression(query.interval === '1d' ? '-8h' : '0h');
  return flux`${head}
  |> filter(fn: (r) => r.flag == "N")
  |> aggregateWindow(every: ${every}, offset: ${offset}, fn: mean, column: "value", timeSrc: "_start", createEmpty: false)
  |> keep(columns: ["_time", "parameter", "value"])
  |> group(columns: ["parameter"])
  |> sort(columns: ["_time"])
  |> limit(n: ${MAX_POINTS})`;
}

/** A row of the Flux answer as `collectRows` returns it (annotated CSV, typed by its #datatype). */
export interface FluxRow {
  _time: string;
  parameter: string;
  value: number | null;
  class?: number | null;
  flag?: string | null;
}

/** Groups Flux rows into the port's series, in the order the parameters first appear. */
export function toSeries(rows: readonly FluxRow[], aggregated: boolean): Series[] {
  const byParameter = new Map<string, Series>();
  for (const row of rows) {
    if (row.value === null || row.value === undefined) continue;
    let series = byParameter.get(row.parameter);
    if (!series) {
      series = { parameter: row.parameter as ParameterKey, points: [] };
      byParameter.set(row.parameter, series);
    }
    series.points.push({
      ts: new Date(row._time),
      value: Number(row.value),
      class:
        aggregated || row.class === null || row.class === undefined
          ? null
          : (Number(row.class) as WaterClass),
      flag: (aggregated ? 'N' : (row.flag ?? 'N')) as DataFlag,
    });
  }
  return [...byParameter.values()];
}
