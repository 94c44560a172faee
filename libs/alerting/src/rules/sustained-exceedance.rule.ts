import type { GradedSample } from '@river/contracts';
import { type AlertSettings, type ReadingRef, toReadingRef } from '../types';
import { type AlertRule, exceeds, type RuleOutcome, targetOf } from './alert-rule';
import { dampen, outcomeOf } from './damping';

export interface SustainedExceedanceState {
  active: boolean;
  /** consecutive non-compliant readings while inactive (the last ones, to name the trigger) */
  run: ReadingRef[];
  /** consecutive compliant readings while active */
  compliantRun: ReadingRef[];
}

/** 目标水质超标: the section is worse than its target for N consecutive graded readings (default 2). */
export class SustainedExceedanceRule implements AlertRule<SustainedExceedanceState> {
  readonly id = 'sustained_exceedance' as const;
  readonly episode = 'pollution' as const;

  initialState(): SustainedExceedanceState {
    return { active: false, run: [], compliantRun: [] };
  }

  isActive(state: SustainedExceedanceState): boolean {
    return state.active;
  }

  evaluate(
    state: SustainedExceedanceState,
    sample: GradedSample,
    settings: AlertSettings,
  ): RuleOutcome<SustainedExceedanceState> {
    const bad = exceeds(sample, settings);
    if (bad === undefined) return { state };
    const ref = toReadingRef(sample);
    const target = targetOf(sample, settings);
    const step = dampen(
      { active: state.active, run: state.run, clearCount: state.compliantRun.length },
      bad,
      ref,
      { raiseAfter: settings.sustainedReadings, clearAfter: settings.clearReadings },
    );
    // the compliant readings are kept, not only counted: the cleared finding names them all
    const grown = [...state.compliantRun, ref];
    let compliantRun = state.compliantRun;
    if (state.active || step.active) compliantRun = step.clearCount ? grown : [];
    const next = { active: step.active, run: step.run, compliantRun };
    return outcomeOf(this, sample, next, step.change, (change) =>
      change.signal === 'raised'
        ? {
            parameters: sample.primary,
            overall: sample.overall,
            targetClass: target as GradedSample['targetClass'],
            primary: sample.primary,
            exceedance: sample.exceedance,
            summary: `class ${sample.overall} worse than target ${target} for ${change.count} consecutive readings (目标水质超标)`,
          }
        : {
            readings: grown,
            parameters: [],
            overall: sample.overall,
            targetClass: target as GradedSample['targetClass'],
            summary: `section complies with target ${target} again for ${change.count} consecutive readings`,
          },
    );
  }
}
