import type { GradedSample } from '@river/contracts';
import { type AlertSettings, toReadingRef, type Finding } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';
import { findingOf } from './damping';

export interface NoDataState {
  active: boolean;
  /** when the silence was detected (evaluation time, ISO) */
  since?: string;
}

/**
 * 数据缺失: no reading for longer than `cadenceMultiple` × the station's cadence. Raised by the
 * scheduler (`evaluateSilence`, it needs a clock), cleared by the next reading.
 */
export class NoDataRule implements AlertRule<NoDataState> {
  readonly id = 'no_data' as const;
  readonly episode = 'no_data' as const;

  initialState(): NoDataState {
    return { active: false };
  }

  isActive(state: NoDataState): boolean {
    return state.active;
  }

  evaluate(state: NoDataState, sample: GradedSample): RuleOutcome<NoDataState> {
    if (!state.active) return { state };
    return {
      state: { active: false },
      finding: findingOf(
        this,
        sample,
        { signal: 'cleared', readings: [toReadingRef(sample)] },
        { parameters: [], summary: 'data received again' },
      ),
    };
  }

  /** Silence check at `now`; `lastTs` is the latest sampling time seen (undefined: never reported). */
  evaluateSilence(
    state: NoDataState,
    station: string,
    lastTs: Date | undefined,
    now: Date,
    cadenceMinutes: number,
    settings: AlertSettings,
  ): { state: NoDataState; finding?: Finding } {
    if (!settings.noData.enabled || state.active || !lastTs) return { state };
    const limitMs = settings.noData.cadenceMultiple * cadenceMinutes * 60_000;
    const silentMs = now.getTime() - lastTs.getTime();
    if (silentMs <= limitMs) return { state };
    const at = now.toISOString();
    return {
      state: { active: true, since: at },
      finding: {
        station,
        rule: this.id,
        episode: this.episode,
        signal: 'raised',
        at,
        readings: [],
        parameters: [],
        summary: `no data since ${lastTs.toISOString()} (more than ${settings.noData.cadenceMultiple} × ${cadenceMinutes} min cadence)`,
      },
    };
  }
}
