import { Inject, Injectable } from '@nestjs/common';
import { PARAMETER_KEYS, type ParameterKey, type WaterClass } from '@river/contracts';
import { classOf } from '@river/water-quality';
import { notFound, validationFailed } from '../errors/domain-error';
import { STATION_DIRECTORY, type StationDirectory } from '../ingestion/station-directory';
import { toCstIso } from './iso-time';
import { TELEMETRY_STORE, type SeriesInterval, type TelemetryStore } from './telemetry-store';

export interface ReadingsQuery {
  from?: string;
  to?: string;
  parameter?: string;
  interval: SeriesInterval;
}

const DAY = 24 * 3600_000;
const MAX_SPAN: Record<SeriesInterval, number> = { raw: 93 * DAY, '1h': 366 * DAY, '1d': 5 * 366 * DAY };

/** Reads series through the telemetry port; aggregated points carry the class of the mean. */
@Injectable()
export class ReadingsService {
  constructor(
    @Inject(TELEMETRY_STORE) private readonly store: TelemetryStore,
    @Inject(STATION_DIRECTORY) private readonly stations: StationDirectory,
  ) {}

  async series(code: string, query: ReadingsQuery) {
    const station = await this.stations.get(code);
    if (!station) throw notFound('station', code);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * DAY);
    if (!(from < to)) throw validationFailed([{ field: 'from', message: 'must be before to' }]);
    if (to.getTime() - from.getTime() > MAX_SPAN[query.interval]) {
      throw validationFailed([
        { field: 'from', message: `the span is too long for interval ${query.interval}` },
      ]);
    }
    const parameters = query.parameter
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean) as ParameterKey[] | undefined;
    for (const p of parameters ?? []) {
      if (!(PARAMETER_KEYS as readonly string[]).includes(p))
        throw validationFailed([{ field: 'parameter', message: `unknown parameter ${p}` }]);
    }
    const series = await this.store.series({
      station: station.code,
      from,
      to,
      parameters,
      interval: query.interval,
    });
    return {
      station: station.code,
      interval: query.interval,
      from: toCstIso(from),
      to: toCstIso(to),
      series: series.map((s) => ({
        parameter: s.parameter,
        points: s.points.map((p) => ({
          ts: toCstIso(p.ts),
          value: p.value,
          class: query.interval === 'raw' ? p.class : gradeMean(s.parameter, p.value, station.waterBody),
          flag: p.flag,
        })),
      })),
    };
  }
}

function gradeMean(parameter: ParameterKey, value: number, waterBody: 'river' | 'lake'): WaterClass | null {
  try {
    return classOf(parameter, value, waterBody) ?? null;
  } catch {
    return null;
  }
}
