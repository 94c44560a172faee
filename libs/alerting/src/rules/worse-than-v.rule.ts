import type { GradedSample } from '@river/contracts';
import { type AlertSettings, toReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';
import { dampen, outcomeOf } from './damping';

export interface WorseThanVState {
  active: boolean;
  /** consecutive readings better than 劣V while active */
  betterRun: number;
}

/** 劣V at any time: a single graded reading worse than Class V raises at once. */
export class WorseThanVRule implements AlertRule<WorseThanVState> {
  readonly id = 'worse_than_v' as const;
  readonly episode = 'pollution' as const;

  initialState(): WorseThanVState {
    return { active: false, betterRun: 0 };
  }

  isActive(state: WorseThanVState): boolean {
    return state.active;
  }

  evaluate(
    state: WorseThanVState,
    sample: GradedSample,
    settings: AlertSettings,
  ): RuleOutcome<WorseThanVState> {
    if (!settings.worseThanV.enabled || sample.overall === undefined) return { state };
    const worst = sample.overall === 6;
    const step = dampen(
      { active: state.active, run: [], clearCount: state.betterRun },
      worst,
      toReadingRef(sample),
      { raiseAfter: 1, clearAfter: settings.clearReadings },
    );
    return outcomeOf(
      this,
      sample,
      { active: step.active, betterRun: step.clearCount },
      step.change,
      (change) =>
        change.signal === 'raised'
          ? {
              parameters: sample.primary,
              overall: 6,
              targetClass: sample.targetClass,
              primary: sample.primary,
              exceedance: sample.exceedance,
              summary: `劣V (worse than Class V): ${sample.primary.join(', ') || 'section'}`,
            }
          : {
              parameters: [],
              overall: sample.overall,
              targetClass: sample.targetClass,
              summary: `no longer 劣V for ${change.count} consecutive readings (class ${sample.overall})`,
            },
    );
  }
}
