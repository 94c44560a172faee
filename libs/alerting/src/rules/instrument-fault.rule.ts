import type { GradedSample, ParameterKey } from '@river/contracts';
import { type AlertSettings, type ReadingRef, toReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';
import { dampen, outcomeOf } from './damping';

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
    const step = dampen(
      { active: state.active, run: state.run, clearCount: state.cleanRun },
      faulty.length > 0,
      toReadingRef(sample),
      { raiseAfter: cfg.sustainedReadings, clearAfter: settings.clearReadings },
    );
    const next = { active: step.active, run: step.run, cleanRun: step.clearCount, repeats };
    return outcomeOf(this, sample, next, step.change, (change) =>
      change.signal === 'raised'
        ? {
            parameters: faulty,
            summary: `instrument fault for ${change.count} consecutive readings: ${reasons.join('; ')}`,
          }
        : {
            parameters: [],
            summary: `instruments normal again for ${change.count} consecutive readings`,
          },
    );
  }
}
