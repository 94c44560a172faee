import type { GradedSample, ParameterKey } from '@river/contracts';
import { createRule, RULE_ORDER } from './rule-factory';
import { NoDataRule, type NoDataState } from './rules/no-data.rule';
import { exceeds } from './rules/alert-rule';
import type { AlertSettings, EpisodeKind, Finding, RuleId } from './types';

/** Everything the rules remember about one station; JSON, persisted by the engine (one row per station). */
export interface StationRuleState {
  /** latest sampling time evaluated (ISO): older or equal readings never flip the state */
  lastTs?: string;
  rules: Partial<Record<RuleId, unknown>>;
  /** recent non-compliant readings, for upstream attribution of a downstream case */
  recentExceedances: Array<{ ts: string; parameters: ParameterKey[] }>;
}

export const RECENT_EXCEEDANCES_KEPT = 50;

/** Rules are stateless strategy objects: create them once. */
const RULES = RULE_ORDER.map(createRule);

export function initialStationState(): StationRuleState {
  return { rules: {}, recentExceedances: [] };
}

export interface StationEvaluation {
  state: StationRuleState;
  findings: Finding[];
  /** readings not evaluated because they are not newer than `lastTs` (late, out of order, duplicate) */
  skipped: GradedSample[];
}

/**
 * Runs every rule over a station's new readings, in sampling-time order. Pure and deterministic:
 * the live engine, a sandbox replay and the tests all call this.
 */
export function evaluateStation(
  state: StationRuleState,
  samples: readonly GradedSample[],
  settings: AlertSettings,
): StationEvaluation {
  const sorted = [...samples].sort((a, b) => a.ts.getTime() - b.ts.getTime());
  const findings: Finding[] = [];
  const skipped: GradedSample[] = [];
  let current: StationRuleState = {
    ...state,
    rules: { ...state.rules },
    recentExceedances: [...state.recentExceedances],
  };
  for (const sample of sorted) {
    if (current.lastTs && sample.ts.getTime() <= Date.parse(current.lastTs)) {
      skipped.push(sample);
      continue;
    }
    for (const rule of RULES) {
      const id = rule.id;
      const outcome = rule.evaluate(current.rules[id] ?? rule.initialState(), sample, settings);
      current.rules[id] = outcome.state;
      if (outcome.finding) findings.push(outcome.finding);
    }
    if (exceeds(sample, settings)) {
      const parameters = sample.primary.length
        ? sample.primary
        : (Object.keys(sample.exceedance) as ParameterKey[]);
      current.recentExceedances = [
        ...current.recentExceedances,
        { ts: sample.ts.toISOString(), parameters },
      ].slice(-RECENT_EXCEEDANCES_KEPT);
    }
    current = { ...current, lastTs: sample.ts.toISOString() };
  }
  return { state: current, findings, skipped };
}

/** The scheduler's no-data check for one station. */
export function evaluateStationSilence(
  state: StationRuleState,
  station: string,
  now: Date,
  cadenceMinutes: number,
  settings: AlertSettings,
): { state: StationRuleState; finding?: Finding } {
  const rule = new NoDataRule();
  const ruleState = (state.rules.no_data as NoDataState | undefined) ?? rule.initialState();
  const lastTs = state.lastTs ? new Date(state.lastTs) : undefined;
  const outcome = rule.evaluateSilence(ruleState, station, lastTs, now, cadenceMinutes, settings);
  if (!outcome.finding) return { state };
  return { state: { ...state, rules: { ...state.rules, no_data: outcome.state } }, finding: outcome.finding };
}

/** Whether any rule of an episode kind is still raised (a case's episode is over only when none is). */
export function episodeActive(state: StationRuleState, episode: EpisodeKind): boolean {
  return RULES.some(
    (rule) =>
      rule.episode === episode && state.rules[rule.id] !== undefined && rule.isActive(state.rules[rule.id]),
  );
}
