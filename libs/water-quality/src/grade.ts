import type { WaterClass } from '@river/contracts';
import { AssessmentError } from './assessment-error';
import {
  isGradedFor,
  KNOWN_ITEM_KEYS,
  limitsFor,
  standardItem,
  type StandardItem,
  type WaterBodyKind,
} from './gb3838-table';

/** Class III is the reference for exceedance multiples (超标倍数) and primary pollutants. */
export const REFERENCE_CLASS = 3;

/** The item's table entry, or an `unknown_parameter` error listing the known keys. */
export function requireItem(key: string): StandardItem {
  const item = standardItem(key);
  if (!item) {
    throw new AssessmentError(
      'unknown_parameter',
      `unknown parameter "${key}"; known: ${KNOWN_ITEM_KEYS.join(', ')}`,
      key,
    );
  }
  return item;
}

/** Rejects values that are not measurements: non-finite numbers, and negatives (except temperature). */
export function requireValidValue(item: StandardItem, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AssessmentError('non_finite_value', `${item.key}: value must be a finite number`, item.key);
  }
  if (value < 0 && !item.mayBeNegative) {
    throw new AssessmentError(
      'negative_value',
      `${item.key}: value must not be negative (got ${value})`,
      item.key,
    );
  }
}

/**
 * Single-factor class of one item (单因子评价): the best class whose limit the value meets; a value equal
 * to a limit meets it; meeting no class is 劣V (6). pH 6–9 meets every class (1), outside is 劣V.
 * Returns undefined when the item is not graded for this water body. Assumes a validated value.
 */
export function classOfItem(
  item: StandardItem,
  value: number,
  waterBody: WaterBodyKind,
): WaterClass | undefined {
  if (!isGradedFor(item, waterBody)) return undefined;
  if (item.comparison === 'range') {
    const [min, max] = item.range!;
    return value >= min && value <= max ? 1 : 6;
  }
  const limits = limitsFor(item, waterBody)!;
  if (item.comparison === '>=') {
    for (let c = 0; c < 5; c++) if (value >= limits[c]) return (c + 1) as WaterClass;
    return 6;
  }
  for (let c = 0; c < 5; c++) if (value <= limits[c]) return (c + 1) as WaterClass;
  return 6;
}

/**
 * Class of one item. Throws AssessmentError for unknown items, negative or non-finite values;
 * undefined = the item is recorded but not graded for this water body (temp, cond, turb, fcoli; TN in rivers).
 */
export function classOf(item: string, value: number, waterBody: WaterBodyKind): WaterClass | undefined {
  const entry = requireItem(item);
  requireValidValue(entry, value);
  return classOfItem(entry, value, waterBody);
}

/** Unrounded (value − III) / III for `<=` items above Class III; 0 when it meets III; undefined when not defined. */
export function rawExceedance(
  item: StandardItem,
  value: number,
  waterBody: WaterBodyKind,
): number | undefined {
  if (!item.hasExceedance || !isGradedFor(item, waterBody)) return undefined;
  const limit = limitsFor(item, waterBody)![REFERENCE_CLASS - 1];
  return value <= limit ? 0 : (value - limit) / limit;
}

/** Exceedance multiples are published with two decimals; rounding hides binary noise like 0.49999999999999994. */
export function roundMultiple(multiple: number): number {
  return Math.round(multiple * 100) / 100;
}

/**
 * Exceedance multiple (超标倍数) against Class III, rounded to two decimals: (value − limit) / limit when
 * the value is worse than Class III, 0 when it meets Class III, undefined for items without one
 * (water temperature, pH, DO) and items not graded for this water body.
 */
export function exceedanceMultiple(
  item: string,
  value: number,
  waterBody: WaterBodyKind,
): number | undefined {
  const entry = requireItem(item);
  requireValidValue(entry, value);
  const raw = rawExceedance(entry, value, waterBody);
  return raw === undefined ? undefined : roundMultiple(raw);
}

const STATUS_WORDS: Record<WaterClass, string> = {
  1: '优',
  2: '优',
  3: '良好',
  4: '轻度污染',
  5: '中度污染',
  6: '重度污染',
};

/** Status word of one section (SPEC §2): I–II 优, III 良好, IV 轻度污染, V 中度污染, 劣V 重度污染. */
export function statusWord(cls: WaterClass): string {
  const word = STATUS_WORDS[cls];
  if (word === undefined)
    throw new AssessmentError('invalid_class', `class must be 1..6 (got ${String(cls)})`);
  return word;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV', 'V', '劣V'];

/** Class as written in reports: I, II, III, IV, V, 劣V. */
export function romanClass(cls: WaterClass): string {
  return ROMAN[cls];
}
