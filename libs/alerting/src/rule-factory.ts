import type { AlertRule } from './rules/alert-rule';
import { InstrumentFaultRule } from './rules/instrument-fault.rule';
import { NoDataRule } from './rules/no-data.rule';
import { SuddenChangeRule } from './rules/sudden-change.rule';
import { SustainedExceedanceRule } from './rules/sustained-exceedance.rule';
import { WorseThanVRule } from './rules/worse-than-v.rule';
import type { RuleId } from './types';

/** Picks the strategy class of a rule (ghostfolio-style factory). */
export function createRule(id: RuleId): AlertRule {
  switch (id) {
    case 'sustained_exceedance':
      return new SustainedExceedanceRule() as AlertRule;
    case 'worse_than_v':
      return new WorseThanVRule() as AlertRule;
    case 'sudden_change':
      return new SuddenChangeRule() as AlertRule;
    case 'instrument_fault':
      return new InstrumentFaultRule() as AlertRule;
    case 'no_data':
      return new NoDataRule() as AlertRule;
  }
}

/** Evaluation order: no-data first (a reading ends the silence before anything else is judged). */
export const RULE_ORDER: readonly RuleId[] = [
  'no_data',
  'instrument_fault',
  'worse_than_v',
  'sustained_exceedance',
  'sudden_change',
];
