import type { GradedSample } from '@river/contracts';
import type { Finding, ReadingRef } from '../types';
import type { AlertRule, RuleOutcome } from './alert-rule';

/** The part of a rule's state that the damping owns (each rule keeps its own field names). */
export interface Damped {
  active: boolean;
  /** consecutive readings with the condition while inactive, the last `raiseAfter` (rules raising at once pass []) */
  run: ReadingRef[];
  /** consecutive readings without the condition while active */
  clearCount: number;
}

/** A raise or a clear, with the readings that caused it and how many in a row it took. */
export interface Change {
  signal: Finding['signal'];
  readings: ReadingRef[];
  count: number;
}

/**
 * 防抖: a condition is raised after `raiseAfter` consecutive readings with it and cleared after
 * `clearAfter` consecutive readings without it, so one odd reading neither opens nor closes an episode.
 */
export function dampen(
  prev: Damped,
  present: boolean,
  ref: ReadingRef,
  limits: { raiseAfter: number; clearAfter: number },
): Damped & { change?: Change } {
  if (!prev.active) {
    if (!present) return { ...prev, run: [] };
    const run = [...prev.run, ref].slice(-limits.raiseAfter);
    if (run.length < limits.raiseAfter) return { ...prev, run };
    return {
      active: true,
      run: [],
      clearCount: 0,
      change: { signal: 'raised', readings: run, count: run.length },
    };
  }
  if (present) return { ...prev, clearCount: 0 };
  const clearCount = prev.clearCount + 1;
  if (clearCount < limits.clearAfter) return { ...prev, clearCount };
  return {
    active: false,
    run: [],
    clearCount: 0,
    change: { signal: 'cleared', readings: [ref], count: clearCount },
  };
}

/** What only the rule knows about a finding (`readings` defaults to the change's). */
export type FindingDetail = Pick<
  Finding,
  'parameters' | 'overall' | 'targetClass' | 'primary' | 'exceedance' | 'summary'
> &
  Partial<Pick<Finding, 'readings'>>;

/** The finding of `rule` for the reading `sample`. */
export function findingOf(
  rule: Pick<AlertRule, 'id' | 'episode'>,
  sample: GradedSample,
  change: Pick<Change, 'signal' | 'readings'>,
  detail: FindingDetail,
): Finding {
  return {
    station: sample.station,
    rule: rule.id,
    episode: rule.episode,
    signal: change.signal,
    at: sample.ts.toISOString(),
    readings: change.readings,
    ...detail,
  };
}

/** A rule's outcome: its next state and, only when the reading raised or cleared it, the finding. */
export function outcomeOf<S>(
  rule: Pick<AlertRule, 'id' | 'episode'>,
  sample: GradedSample,
  state: S,
  change: Change | undefined,
  describe: (change: Change) => FindingDetail,
): RuleOutcome<S> {
  return change ? { state, finding: findingOf(rule, sample, change, describe(change)) } : { state };
}
