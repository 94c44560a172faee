import type { GradedSample, ParameterKey, WaterClass } from '@river/contracts';

/**
 * Graded samples for integration tests of the case workflow (what the ingestion pipeline hands the
 * sink). `at` is a sampling time; `nh3n` picks the value, the class follows GB 3838 Table 1.
 */
export function gradedNh3n(
  station: string,
  at: Date,
  nh3n: number,
  extra: Partial<GradedSample> = {},
): GradedSample {
  const cls: WaterClass =
    nh3n <= 0.15 ? 1 : nh3n <= 0.5 ? 2 : nh3n <= 1 ? 3 : nh3n <= 1.5 ? 4 : nh3n <= 2 ? 5 : 6;
  const bad = cls > 3;
  const primary: ParameterKey[] = bad ? ['nh3n'] : [];
  return {
    station,
    ts: at,
    values: { ph: 7.4, do: 7 + (at.getTime() % 7) / 10, nh3n },
    flags: {},
    classes: { nh3n: cls, ph: 1, do: 2 },
    overall: Math.max(cls, 2) as WaterClass,
    targetClass: 3,
    compliant: !bad,
    primary,
    exceedance: bad ? { nh3n: Math.round((nh3n - 1) * 100) / 100 } : {},
    implausible: [],
    ...extra,
  };
}

/** Hours after a fixed base, as a Date. */
export const hoursAfter = (base: Date, h: number) => new Date(base.getTime() + h * 3_600_000);
