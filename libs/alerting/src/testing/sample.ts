import type { GradedSample, WaterClass } from '@river/contracts';

const T0 = Date.parse('2026-11-22T00:00:00+08:00');

/** A graded sample for rule tests: `hour` hours after 2026-11-22 00:00 (+08:00), class III target. */
export function sample(hour: number, overrides: Partial<GradedSample> = {}): GradedSample {
  const overall: WaterClass | undefined = 'overall' in overrides ? overrides.overall : 2;
  const targetClass = overrides.targetClass ?? 3;
  return {
    station: 'CQ-LMQ',
    ts: new Date(T0 + hour * 3_600_000),
    values: { ph: 7.5, do: 8, nh3n: 0.3 },
    flags: {},
    classes: {},
    overall,
    targetClass,
    compliant: overall === undefined ? undefined : overall <= targetClass,
    primary: [],
    exceedance: {},
    implausible: [],
    ...overrides,
  };
}

/** An NH3-N exceedance of the given class (IV: 1.3 mg/L, V: 1.8, 劣V: 3.2). */
export function nh3n(hour: number, cls: 4 | 5 | 6, station = 'CQ-LMQ'): GradedSample {
  const value = { 4: 1.3, 5: 1.8, 6: 3.2 }[cls];
  return sample(hour, {
    station,
    overall: cls,
    values: { ph: 7.4, do: 6.5, nh3n: value },
    classes: { nh3n: cls },
    primary: ['nh3n'],
    exceedance: { nh3n: Math.round((value - 1) * 100) / 100 },
  });
}
