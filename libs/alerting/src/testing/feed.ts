import type { GradedSample } from '@river/contracts';
import type { AlertRule } from '../rules/alert-rule';
import type { AlertSettings, Finding } from '../types';

/** Feeds `samples` through one rule in order, as the engine does: its final state and every finding. */
export function feedRule<S>(
  rule: AlertRule<S>,
  samples: GradedSample[],
  settings: AlertSettings,
  state: S = rule.initialState(),
): { state: S; findings: Finding[] } {
  const findings: Finding[] = [];
  for (const s of samples) {
    const out = rule.evaluate(state, s, settings);
    state = out.state;
    if (out.finding) findings.push(out.finding);
  }
  return { state, findings };
}
