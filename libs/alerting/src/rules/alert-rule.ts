import type { GradedSample } from '@river/contracts';
import type { AlertSettings, EpisodeKind, Finding, RuleId } from '../types';

/** What a rule returns for one reading: its next state and, only when its condition starts or ends, a finding. */
export interface RuleOutcome<S> {
  state: S;
  finding?: Finding;
}

/**
 * One alert rule (strategy class, picked by `createRule`). Pure: the state goes in and comes out,
 * so the engine persists it and a replay can run the same rules on its own.
 */
export interface AlertRule<S = unknown> {
  readonly id: RuleId;
  readonly episode: EpisodeKind;
  initialState(): S;
  /** Called once per new reading, in sampling-time order (the engine drops late/duplicate readings). */
  evaluate(state: S, sample: GradedSample, settings: AlertSettings): RuleOutcome<S>;
  /** Whether the rule's condition is currently raised. */
  isActive(state: S): boolean;
}

/** Target class of a reading, honouring a per-station override. */
export function targetOf(sample: GradedSample, settings: AlertSettings): number {
  return settings.targetClass ?? sample.targetClass;
}

/** true: worse than target; false: complies; undefined: nothing gradable (neither counts nor resets). */
export function exceeds(sample: GradedSample, settings: AlertSettings): boolean | undefined {
  if (sample.overall === undefined) return undefined;
  return sample.overall > targetOf(sample, settings);
}
