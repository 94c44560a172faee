import type { ParameterKey, WaterClass } from '@river/contracts';

/** The latest graded reading of a station, as the telemetry store knows it. */
export interface LatestSample {
  /** sampling time (Date or ISO 8601 with offset) */
  ts: Date | string;
  values: Partial<Record<ParameterKey, number>>;
  classes: Partial<Record<ParameterKey, WaterClass>>;
  overall?: WaterClass;
  compliant?: boolean;
}

/**
 * Where the stations API gets "the class now" from. Provided by the ingestion/telemetry side under the
 * token LATEST_SAMPLE_SOURCE in any module of the process (looked up non-strictly, no export needed);
 * when nothing provides it, station details show `latest: null` and the class filter matches nothing.
 */
export interface LatestSampleSource {
  latest(code: string): Promise<LatestSample | undefined>;
  /** optional bulk form for the list filter; falls back to latest() per station */
  latestMany?(codes: string[]): Promise<Map<string, LatestSample>>;
}
export const LATEST_SAMPLE_SOURCE = Symbol('LATEST_SAMPLE_SOURCE');
