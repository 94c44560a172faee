import type { GradedSample } from '@river/contracts';
import { type AlertSettings, type ReadingRef, toReadingRef } from '../types';
import { type AlertRule, exceeds, type RuleOutcome, targetOf } from './alert-rule';

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
    if (!state.active) {
      if (!bad) return { state: { ...state, run: [] } };
      const run = [...state.run, ref].slice(-settings.sustainedReadings);
      if (run.length < settings.sustainedReadings) return { state: { ...state, run } };
      return {
        state: { active: true, run: [], compliantRun: [] },
        finding: {
          station: sample.station,
          rule: this.id,
          episode: this.episode,
          signal: 'raised',
          at: ref.ts,
          readings: run,
          parameters: sample.primary,
          overall: sample.overall,
          targetClass: target as GradedSample['targetClass'],
          primary: sample.primary,
          exceedance: sample.exceedance,
          summary: `class ${sample.overall} worse than target ${target} for ${run.length} consecutive readings (目标水质超标)`,
        },
      };
    }
    if (bad) return { state: { ...state, compliantRun: [] } };
    const compliantRun = [...state.compliantRun, ref];
    if (compliantRun.length < settings.clearReadings) return { state: { ...state, compliantRun } };
    return {
      state: this.initialState(),
      finding: {
        station: sample.station,
        rule: this.id,
        episode: this.episode,
        signal: 'cleared',
        at: ref.ts,
        readings: compliantRun,
        parameters: [],
        overall: sample.overall,
        targetClass: target as GradedSample['targetClass'],
        summary: `section complies with target ${target} again for ${compliantRun.length} consecutive readings`,
      },
    };
  }
}
