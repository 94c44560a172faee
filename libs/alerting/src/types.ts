import type { GradedSample, ParameterKey, WaterClass } from '@river/contracts';

/** What kind of trouble a case is about: one open case per station and episode kind. */
export const EPISODE_KINDS = ['pollution', 'instrument_fault', 'no_data'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

export const RULE_IDS = [
  'sustained_exceedance',
  'worse_than_v',
  'sudden_change',
  'instrument_fault',
  'no_data',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Per-station settings (defaults in `defaultAlertSettings`, overridable per station through the API). */
export interface AlertSettings {
  /** N: consecutive non-compliant graded readings that raise a sustained exceedance (default 2) */
  sustainedReadings: number;
  /** consecutive compliant readings that clear a raised condition (damps flapping; default = N) */
  clearReadings: number;
  worseThanV: { enabled: boolean };
  suddenChange: {
    enabled: boolean;
    /** readings in the rolling baseline (a jump is judged only once the baseline is full) */
    baselineReadings: number;
    /** relative rise over the baseline mean that counts as a jump (1 = doubled) */
    riseRatio: number;
    /** absolute change that must also be exceeded, per parameter (mg/L; pH units; DO is a drop) */
    minDelta: Partial<Record<ParameterKey, number>>;
  };
  fault: {
    enabled: boolean;
    /** consecutive faulty readings that raise an instrument-fault episode */
    sustainedReadings: number;
    /** identical consecutive values of a parameter that count as a flatline */
    flatlineReadings: number;
  };
  noData: { enabled: boolean; /** silence longer than this × cadence raises */ cadenceMultiple: number };
  /** the section's target class, when the operator overrides the catalogue's */
  targetClass?: Exclude<WaterClass, 6>;
}

export type AlertSettingsOverride = Partial<{
  sustainedReadings: number;
  clearReadings: number;
  worseThanV: Partial<AlertSettings['worseThanV']>;
  suddenChange: Partial<AlertSettings['suddenChange']>;
  fault: Partial<AlertSettings['fault']>;
  noData: Partial<AlertSettings['noData']>;
  targetClass: Exclude<WaterClass, 6>;
}>;

/** A reading as a case keeps it (JSON-friendly, sampling time as ISO string). */
export interface ReadingRef {
  ts: string;
  values: GradedSample['values'];
  flags: GradedSample['flags'];
  overall?: WaterClass;
  targetClass: WaterClass;
  primary: ParameterKey[];
  exceedance: GradedSample['exceedance'];
  implausible: ParameterKey[];
}

/** A rule's state change: `raised` when its condition starts, `cleared` when it ends. Never per reading. */
export interface Finding {
  station: string;
  rule: RuleId;
  episode: EpisodeKind;
  signal: 'raised' | 'cleared';
  /** sampling time of the reading that completed the change (for no-data: the evaluation time) */
  at: string;
  /** the readings that triggered (raised) or cleared the condition */
  readings: ReadingRef[];
  /** parameters concerned (pollutants, jumped parameters, faulty instruments) */
  parameters: ParameterKey[];
  overall?: WaterClass;
  targetClass?: WaterClass;
  primary?: ParameterKey[];
  exceedance?: GradedSample['exceedance'];
  /** one line for people, English, Chinese terms where usual */
  summary: string;
}

export function toReadingRef(s: GradedSample): ReadingRef {
  return {
    ts: s.ts.toISOString(),
    values: s.values,
    flags: s.flags,
    ...(s.overall !== undefined ? { overall: s.overall } : {}),
    targetClass: s.targetClass,
    primary: s.primary,
    exceedance: s.exceedance,
    implausible: s.implausible,
  };
}
