import type { WaterClass } from '@river/contracts';
import type { WaterBodyKind } from './gb3838-table';

export type { WaterClass };
export type TargetClass = 1 | 2 | 3 | 4 | 5;

export interface AssessmentInput {
  waterBody: WaterBodyKind;
  /** parameter key → measured value (units of Table 1: mg/L, pH dimensionless, 个/L for fecal coliform) */
  values: Record<string, number>;
  targetClass?: TargetClass;
}

/** Why one item got its class: the value, the limit it met (or the Class V limit it missed) and the class. */
export interface ItemExplanation {
  item: string;
  value: number;
  unit: string;
  class: WaterClass;
  /** the limit met (class I..V) or missed (劣V: the Class V limit); absent for pH (see `range`) */
  limit?: number;
  /** the class whose limit is `limit` */
  limitClass?: number;
  comparison: '<=' | '>=' | 'range';
  /** false only for 劣V */
  met: boolean;
  /** pH: the 6–9 range every class shares */
  range?: [number, number];
  /** the next better class's limit, which the value missed (absent for Class I and pH) */
  betterLimit?: number;
  /** exceedance multiple against Class III, when the item is worse than III and one is defined */
  exceedance?: number;
  note?: string;
}

export interface Assessment {
  /** class per graded item */
  classes: Record<string, WaterClass>;
  /** section class (single-factor: worst item); undefined when no graded item was given */
  overall?: WaterClass;
  /** exceedance multiples (two decimals) of items worse than Class III */
  exceedance: Record<string, number>;
  /** up to three primary pollutants when the section is worse than Class III */
  primary: string[];
  status?: string;
  /** overall at least as good as targetClass; undefined without a target or without an overall class */
  compliant?: boolean;
  targetClass?: TargetClass;
  explanation: ItemExplanation[];
  /** items the standard grades for this water body that were not given */
  absent: string[];
  /** items given that are recorded but not graded for this water body */
  notGraded: string[];
}
