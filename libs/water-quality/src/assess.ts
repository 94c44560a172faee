import type { WaterClass } from '@river/contracts';
import { AssessmentError } from './assessment-error';
import { gradedItemKeys, limitsFor, type StandardItem, type WaterBodyKind } from './gb3838-table';
import {
  classOfItem,
  rawExceedance,
  requireItem,
  requireValidValue,
  romanClass,
  roundMultiple,
  statusWord,
} from './grade';
import type { Assessment, AssessmentInput, ItemExplanation } from './types';

/** At most three primary pollutants (主要污染指标), SPEC §2. */
export const MAX_PRIMARY = 3;

/**
 * Grades one sample of a section (single-factor method, SPEC §2) and explains every item.
 * Throws AssessmentError for unknown parameters, negative or non-finite values, or a bad target class.
 */
export function assess(input: AssessmentInput): Assessment {
  const { waterBody, values, targetClass } = input;
  if (waterBody !== 'river' && waterBody !== 'lake') {
    throw new AssessmentError(
      'invalid_class',
      `waterBody must be "river" or "lake" (got ${String(waterBody)})`,
    );
  }
  if (targetClass !== undefined && !(Number.isInteger(targetClass) && targetClass >= 1 && targetClass <= 5)) {
    throw new AssessmentError('invalid_class', `targetClass must be 1..5 (got ${String(targetClass)})`);
  }
  const classes: Record<string, WaterClass> = {};
  const exceedance: Record<string, number> = {};
  const rawMultiples: Record<string, number> = {};
  const explanation: ItemExplanation[] = [];
  const notGraded: string[] = [];
  let overall: WaterClass | undefined;

  for (const key of Object.keys(values)) {
    const item = requireItem(key);
    const value = values[key];
    requireValidValue(item, value);
    const cls = classOfItem(item, value, waterBody);
    if (cls === undefined) {
      notGraded.push(key);
      continue;
    }
    classes[key] = cls;
    if (overall === undefined || cls > overall) overall = cls;
    const raw = cls > 3 ? rawExceedance(item, value, waterBody) : undefined;
    if (raw !== undefined) {
      rawMultiples[key] = raw;
      exceedance[key] = roundMultiple(raw);
    }
    explanation.push(explainItem(item, value, cls, waterBody, raw));
  }

  const primary = overall !== undefined && overall > 3 ? primaryPollutants(classes, rawMultiples) : [];
  const absent = gradedItemKeys(waterBody).filter((key) => !(key in classes));
  return {
    classes,
    overall,
    exceedance,
    primary,
    status: overall === undefined ? undefined : statusWord(overall),
    compliant: overall === undefined || targetClass === undefined ? undefined : overall <= targetClass,
    targetClass,
    explanation,
    absent,
    notGraded,
  };
}

/**
 * Primary pollutants: items worse than Class III, worst class first; within a class the larger
 * exceedance multiple first. pH and DO have no multiple, so within their class they come after items
 * that have one; remaining ties keep the input order (stable sort).
 */
export function primaryPollutants(
  classes: Record<string, WaterClass>,
  multiples: Record<string, number>,
): string[] {
  return Object.keys(classes)
    .filter((key) => classes[key] > 3)
    .sort((a, b) => classes[b] - classes[a] || (multiples[b] ?? -1) - (multiples[a] ?? -1))
    .slice(0, MAX_PRIMARY);
}

function explainItem(
  item: StandardItem,
  value: number,
  cls: WaterClass,
  waterBody: WaterBodyKind,
  rawMultiple: number | undefined,
): ItemExplanation {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.comparison === 'range') {
    const [min, max] = item.range!;
    const met = cls !== 6;
    return {
      item: item.key,
      value,
      unit: item.unit,
      class: cls,
      comparison: 'range',
      met,
      range: [min, max],
      note: met ? `${value} within ${min}–${max}: meets every class` : `${value} outside ${min}–${max}: 劣V`,
    };
  }
  const limits = limitsFor(item, waterBody)!;
  const met = cls !== 6;
  const limitClass = met ? cls : 5;
  const limit = limits[limitClass - 1];
  const op = item.comparison;
  const missedOp = op === '<=' ? '>' : '<';
  // the best class's stricter neighbour is by construction a limit the value missed
  const betterLimit = met && cls > 1 ? limits[cls - 2] : undefined;
  let note = met
    ? `${value} ${op} ${limit}${unit} (Class ${romanClass(cls)} limit)`
    : `${value} ${missedOp} ${limit}${unit} (Class V limit missed): 劣V`;
  if (betterLimit !== undefined) {
    note += `; misses the Class ${romanClass((cls - 1) as WaterClass)} limit ${betterLimit}${unit}`;
  }
  const explained: ItemExplanation = {
    item: item.key,
    value,
    unit: item.unit,
    class: cls,
    limit,
    limitClass,
    comparison: op,
    met,
  };
  if (betterLimit !== undefined) explained.betterLimit = betterLimit;
  if (rawMultiple !== undefined) {
    explained.exceedance = roundMultiple(rawMultiple);
    note += `; exceeds Class III by ${explained.exceedance} times (超标倍数)`;
  }
  explained.note = note;
  return explained;
}
