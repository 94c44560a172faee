import { assess } from './assess';
import { AssessmentError } from './assessment-error';
import type { WaterBodyKind } from './gb3838-table';
import { requireItem, requireValidValue } from './grade';
import type { Assessment, TargetClass } from './types';

/**
 * Aggregation of one station's readings over a period (SPEC §2, 评价办法 2011).
 *
 * Method: readings → daily arithmetic mean per parameter → monthly mean = mean of the daily means →
 * period mean = mean of the monthly means; each month and the period are then graded with `assess`
 * on those means (single-factor, worst item). Why this hierarchy: automatic stations report every
 * 1 minute to 4 hours and gaps happen, so a plain mean over all readings would weigh a day with 24
 * hourly readings six times more than a day with four; averaging days first (and months first for a
 * longer period, like the official annual = mean of monthly values) weighs each day equally
 * whatever the cadence. pH and DO are averaged arithmetically like every other item: the standard's
 * limits apply to pH itself and the official monthly/annual evaluation uses plain means (a mean of
 * [H+] would let one acidic reading dominate); DO is graded on its mean, not its minimum.
 * Means are rounded to 12 significant digits before grading so binary summation noise
 * ((0.2 + 0.2 + 0.2) / 3 = 0.20000000000000004) cannot push a value over a limit it equals.
 * Days and months are calendar days in the stations' local time (default UTC+8, China Standard Time).
 */
export interface TimedReading {
  ts: Date | string;
  values: Record<string, number>;
}

export interface AggregateOptions {
  waterBody: WaterBodyKind;
  targetClass?: TargetClass;
  /** offset of local time from UTC in minutes; default 480 (UTC+8) */
  utcOffsetMinutes?: number;
}

export interface DailyMean {
  /** local calendar date YYYY-MM-DD */
  date: string;
  means: Record<string, number>;
  /** readings per parameter that day */
  counts: Record<string, number>;
}

export interface MonthlyAssessment {
  /** local calendar month YYYY-MM */
  month: string;
  means: Record<string, number>;
  /** days with data per parameter */
  days: Record<string, number>;
  assessment: Assessment;
}

export interface PeriodAssessment {
  readings: number;
  days: DailyMean[];
  months: MonthlyAssessment[];
  /** mean of the monthly means */
  means: Record<string, number>;
  assessment: Assessment;
  method: string;
}

export const AGGREGATION_METHOD =
  'daily arithmetic means per parameter, monthly mean of daily means, period mean of monthly means; graded single-factor on the means';

const CHINA_STANDARD_TIME_MINUTES = 480;

export function assessPeriod(readings: readonly TimedReading[], options: AggregateOptions): PeriodAssessment {
  if (readings.length === 0) throw new AssessmentError('empty_input', 'at least one reading is needed');
  const offsetMs = (options.utcOffsetMinutes ?? CHINA_STANDARD_TIME_MINUTES) * 60_000;
  const byDay = new Map<string, Map<string, number[]>>();
  for (const reading of readings) {
    const ms = reading.ts instanceof Date ? reading.ts.getTime() : Date.parse(reading.ts);
    if (!Number.isFinite(ms))
      throw new AssessmentError('invalid_timestamp', `invalid timestamp ${String(reading.ts)}`);
    const date = new Date(ms + offsetMs).toISOString().slice(0, 10);
    const day = byDay.get(date) ?? new Map<string, number[]>();
    byDay.set(date, day);
    for (const [key, value] of Object.entries(reading.values)) {
      requireValidValue(requireItem(key), value);
      const list = day.get(key) ?? [];
      list.push(value);
      day.set(key, list);
    }
  }

  const days: DailyMean[] = [...byDay.keys()].sort().map((date) => {
    const means: Record<string, number> = {};
    const counts: Record<string, number> = {};
    for (const [key, list] of byDay.get(date)!) {
      means[key] = mean(list);
      counts[key] = list.length;
    }
    return { date, means, counts };
  });

  const byMonth = new Map<string, DailyMean[]>();
  for (const day of days) {
    const month = day.date.slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), day]);
  }
  const grade = (means: Record<string, number>) =>
    assess({ waterBody: options.waterBody, values: means, targetClass: options.targetClass });
  const months: MonthlyAssessment[] = [...byMonth.entries()].map(([month, monthDays]) => {
    const { means, counts } = meanOfMeans(monthDays.map((d) => d.means));
    return { month, means, days: counts, assessment: grade(means) };
  });
  const { means } = meanOfMeans(months.map((m) => m.means));
  return {
    readings: readings.length,
    days,
    months,
    means,
    assessment: grade(means),
    method: AGGREGATION_METHOD,
  };
}

function meanOfMeans(list: Record<string, number>[]): {
  means: Record<string, number>;
  counts: Record<string, number>;
} {
  const values = new Map<string, number[]>();
  for (const entry of list) {
    for (const [key, value] of Object.entries(entry)) values.set(key, [...(values.get(key) ?? []), value]);
  }
  const means: Record<string, number> = {};
  const counts: Record<string, number> = {};
  for (const [key, vs] of values) {
    means[key] = mean(vs);
    counts[key] = vs.length;
  }
  return { means, counts };
}

function mean(values: number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return Number((sum / values.length).toPrecision(12));
}
