import type { GradedSample, ParameterKey } from '@river/contracts';
import { type AlertSettings, toReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';
import { dampen, outcomeOf } from './damping';

export interface SuddenChangeState {
  active: boolean;
  /** recent N-flagged plausible values per parameter, oldest first */
  baselines: Partial<Record<ParameterKey, number[]>>;
  /** consecutive readings without a jump while active */
  calmRun: number;
}

/** Water temperature is not a pollution signal (GB 3838: man-made change only, weekly means). */
const IGNORED: ReadonlySet<ParameterKey> = new Set<ParameterKey>(['temp']);

/** Which way is bad: DO falls, pH leaves neutral either way, the rest rise. */
export function jumped(
  parameter: ParameterKey,
  value: number,
  baseline: number[],
  settings: AlertSettings['suddenChange'],
): boolean {
  const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
  const minDelta = settings.minDelta[parameter] ?? 0;
  if (parameter === 'ph') return Math.abs(value - mean) >= Math.max(minDelta, 1e-9);
  if (parameter === 'do') return mean - value >= minDelta && value * (1 + settings.riseRatio) <= mean;
  return value - mean >= minDelta && value >= mean * (1 + settings.riseRatio) && value > mean;
}

/** 突变: a parameter jumps against its rolling baseline (mean of the last K valid readings). */
export class SuddenChangeRule implements AlertRule<SuddenChangeState> {
  readonly id = 'sudden_change' as const;
  readonly episode = 'pollution' as const;

  initialState(): SuddenChangeState {
    return { active: false, baselines: {}, calmRun: 0 };
  }

  isActive(state: SuddenChangeState): boolean {
    return state.active;
  }

  evaluate(
    state: SuddenChangeState,
    sample: GradedSample,
    settings: AlertSettings,
  ): RuleOutcome<SuddenChangeState> {
    const cfg = settings.suddenChange;
    if (!cfg.enabled) return { state };
    const baselines = { ...state.baselines };
    const jumps: ParameterKey[] = [];
    for (const [key, value] of Object.entries(sample.values) as Array<[ParameterKey, number]>) {
      if (
        IGNORED.has(key) ||
        sample.flags[key] ||
        sample.implausible.includes(key) ||
        !Number.isFinite(value)
      )
        continue;
      const baseline = baselines[key] ?? [];
      if (baseline.length >= cfg.baselineReadings && jumped(key, value, baseline, cfg)) jumps.push(key);
      baselines[key] = [...baseline, value].slice(-cfg.baselineReadings);
    }
    const step = dampen(
      { active: state.active, run: [], clearCount: state.calmRun },
      jumps.length > 0,
      toReadingRef(sample),
      { raiseAfter: 1, clearAfter: settings.clearReadings },
    );
    const next = { active: step.active, baselines, calmRun: step.clearCount };
    return outcomeOf(this, sample, next, step.change, (change) =>
      change.signal === 'raised'
        ? {
            parameters: jumps,
            overall: sample.overall,
            targetClass: sample.targetClass,
            primary: sample.primary,
            exceedance: sample.exceedance,
            summary: `突变 (sudden change) of ${jumps.join(', ')} against the last ${cfg.baselineReadings} readings`,
          }
        : {
            parameters: [],
            overall: sample.overall,
            targetClass: sample.targetClass,
            summary: `no sudden change for ${change.count} consecutive readings`,
          },
    );
  }
}
