import type { DataFlag, ParameterKey } from './parameters';

/** 1..5 = Class I..V, 6 = 劣V (worse than V). */
export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * One station's reading at one sampling time after validation and grading: what the stream processor
 * hands to the alert rules (cases) and what a replay compares. Times are sampling times.
 */
export interface GradedSample {
  station: string;
  /** sampling time (not arrival time) */
  ts: Date;
  device?: string;
  seq?: number;
  values: Partial<Record<ParameterKey, number>>;
  /** non-N flags only; a parameter absent here is N */
  flags: Partial<Record<ParameterKey, DataFlag>>;
  /** per graded item class (only N-flagged, gradable items) */
  classes: Partial<Record<ParameterKey, WaterClass>>;
  /** section class on this sample's graded items, undefined when nothing gradable was measured */
  overall?: WaterClass;
  targetClass: WaterClass;
  compliant?: boolean;
  primary: ParameterKey[];
  exceedance: Partial<Record<ParameterKey, number>>;
  /** parameters whose value is outside the plausible range (instrument fault, not pollution) */
  implausible: ParameterKey[];
  /** true when this sample was already stored (duplicate delivery or live replay): rules must be idempotent */
  duplicate?: boolean;
}

/** Where the stream processor hands graded samples after they are committed (the case workflow). */
export interface GradedSampleSink {
  /** Called once per committed batch, in sampling-time order per station. */
  handle(samples: GradedSample[], context: { source: 'live' | 'replay'; runId?: string }): Promise<void>;
}
export const GRADED_SAMPLE_SINK = Symbol('GRADED_SAMPLE_SINK');
