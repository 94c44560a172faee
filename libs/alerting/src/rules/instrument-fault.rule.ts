import type { GradedSample, ParameterKey } from '@river/contracts';
import { type AlertSettings, type ReadingRef, toReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';

export interface InstrumentFaultState {
  active: boolean;
  /** consecutive faulty readings while inactive */
  run: ReadingRef[];
  /** consecutive clean readings while active */
  cleanRun: number;
  /** per parameter: last value and how many times in a row it was seen */
  repeats: Partial<Record<ParameterKey, { value: number; count: number }>>;
}

/** Why a reading looks like an instrument problem rather than water: flags, implausible values, flatlines. */
export function faultsOf(
  sample: GradedSample,
  repeats: InstrumentFaultState['repeats'],
  flatlineReadings: number,
): { faulty: ParameterKey[]; reasons: string[]; repeats: InstrumentFaultState['repeats'] } {
  const faulty = new Set<ParameterKey>();
  const reasons: string[] = [];
  for (const [key, flag] of Object.entries(sample.flags) as Array<[ParameterKey, string]>) {
    if (flag && flag !== 'N') {
      faulty.add(key);
      reasons.push(`${key} flag ${flag}`);
    }
  }
  for (const key of sample.implausible) {
    faulty.add(key);
    reasons.push(`${key} outside the plausible range`);
  }
  const next: InstrumentFaultState['repeats'] = { ...repeats };
  for (const [key, value] of Object.entries(sample.values) as Array<[ParameterKey, number]>) {
    const previous = repeats[key];
    const count = previous && previous.value === value ? previous.count + 1 : 1;
    next[key] = { value, count };
    if (count >= flatlineReadings && !faulty.has(key)) {
      faulty.add(key);
      reasons.push(`${key} flatline (${count} identical readings)`);
    }
  }
  return { faulty: [...faulty], reasons, repeats: next };
}

/** 仪器故障: non-N flags, values outside the plausible range, or a flatline, sustained for some readings. */
export class InstrumentFaultRule implements AlertRule<InstrumentFaultState> {
  readonly id = 'instrument_fault' as const;
  readonly episode = 'instrument_fault' as const;

  initialState(): InstrumentFaultState {
    return { active: false, run: [], cleanRun: 0, repeats: {} };
  }

  isActive(state: InstrumentFaultState): boolean {
    return state.active;
  }

  evaluate(
    state: InstrumentFaultState,
    sample: GradedSample,
    settings: AlertSettings,
  ): RuleOutcome<InstrumentFaultState> {
    const cfg = settings.fault;
    if (!cfg.enabled) return { state };
    const { faulty, reasons, repeats } = faultsOf(sample, state.repeats, cfg.flatlineReadings);
    const ref = toReadingRef(sample);
    if (!state.active) {
      if (!faulty.length) return { state: { ...state, run: [], repeats } };
      const run = [...state.run, ref].slice(-cfg.sustainedReadings);
      if (run.length < cfg.sustainedReadings) return { state: { ...state, run, repeats } };
      return {
        state: { active: true, run: [], cleanRun: 0, repeats },
        finding: {
          station: sample.station,
          rule: this.id,
          episode: this.episode,
          signal: 'raised',
          at: ref.ts,
          readings: run,
          parameters: faulty,
          summary: `instrument fault for ${run.length} consecutive readings: ${reasons.join('; ')}`,
        },
      };
    }
    if (faulty.length) return { state: { ...state, cleanRun: 0, repeats } };
    const cleanRun = state.cleanRun + 1;
    if (cleanRun < settings.clearReadings) return { state: { ...state, cleanRun, repeats } };
    return {
      state: { active: false, run: [], cleanRun: 0, repeats },
      finding: {
        station: sample.station,
        rule: this.id,
        episode: this.episode,
        signal: 'cleared',
        at: ref.ts,
        readings: [ref],
        parameters: [],
        summary: `instruments normal again for ${cleanRun} consecutive readings`,
      },
    };
  }
}
