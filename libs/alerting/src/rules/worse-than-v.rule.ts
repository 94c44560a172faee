import type { GradedSample } from '@river/contracts';
import { type AlertSettings, toReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';

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
    const ref = toReadingRef(sample);
    if (!state.active) {
      if (!worst) return { state };
      return {
        state: { active: true, betterRun: 0 },
        finding: {
          station: sample.station,
          rule: this.id,
          episode: this.episode,
          signal: 'raised',
          at: ref.ts,
          readings: [ref],
          parameters: sample.primary,
          overall: 6,
          targetClass: sample.targetClass,
          primary: sample.primary,
          exceedance: sample.exceedance,
          summary: `劣V (worse than Class V): ${sample.primary.join(', ') || 'section'}`,
        },
      };
    }
    if (worst) return { state: { active: true, betterRun: 0 } };
    const betterRun = state.betterRun + 1;
    if (betterRun < settings.clearReadings) return { state: { active: true, betterRun } };
    return {
      state: this.initialState(),
      finding: {
        station: sample.station,
        rule: this.id,
        episode: this.episode,
        signal: 'cleared',
        at: ref.ts,
        readings: [ref],
        parameters: [],
        overall: sample.overall,
        targetClass: sample.targetClass,
        summary: `no longer 劣V for ${betterRun} consecutive readings (class ${sample.overall})`,
      },
    };
  }
}
