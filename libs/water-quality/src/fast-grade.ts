import type { WaterClass } from '@river/contracts';
import { AssessmentError } from './assessment-error';
import {
  GB3838_ITEMS,
  isGradedFor,
  limitsFor,
  RECORDED_ONLY_ITEMS,
  type WaterBodyKind,
} from './gb3838-table';
import { primaryPollutants } from './assess';
import { rawExceedance, requireItem, requireValidValue, roundMultiple } from './grade';

/**
 * Fast path for the stream processor and replays: the same single-factor grading as `assess`, from
 * limit tables precomputed per water body, with no allocation per call beyond what the caller passes in.
 * `assess` stays the reference (and explains); the unit tests check both agree on random input.
 */
const NOT_GRADED = 0;
const AT_MOST = 1;
const AT_LEAST = 2;
const RANGE = 3;

interface CompiledItem {
  mode: number;
  mayBeNegative: boolean;
  // five literal limits (Class I..V), or range min/max in l1/l2 for pH
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  l5: number;
}

function compile(waterBody: WaterBodyKind): Map<string, CompiledItem> {
  const table = new Map<string, CompiledItem>();
  for (const item of [...GB3838_ITEMS, ...RECORDED_ONLY_ITEMS]) {
    const graded = isGradedFor(item, waterBody);
    const limits = limitsFor(item, waterBody) ?? [0, 0, 0, 0, 0];
    const mode = !graded
      ? NOT_GRADED
      : item.comparison === 'range'
        ? RANGE
        : item.comparison === '>='
          ? AT_LEAST
          : AT_MOST;
    const [l1, l2, l3, l4, l5] = mode === RANGE ? [item.range![0], item.range![1], 0, 0, 0] : limits;
    table.set(item.key, { mode, mayBeNegative: item.mayBeNegative === true, l1, l2, l3, l4, l5 });
  }
  return table;
}

const RIVER = compile('river');
const LAKE = compile('lake');

function gradeCompiled(t: CompiledItem, v: number): WaterClass {
  switch (t.mode) {
    case AT_MOST:
      return v <= t.l1 ? 1 : v <= t.l2 ? 2 : v <= t.l3 ? 3 : v <= t.l4 ? 4 : v <= t.l5 ? 5 : 6;
    case AT_LEAST:
      return v >= t.l1 ? 1 : v >= t.l2 ? 2 : v >= t.l3 ? 3 : v >= t.l4 ? 4 : v >= t.l5 ? 5 : 6;
    default:
      return v >= t.l1 && v <= t.l2 ? 1 : 6;
  }
}

/**
 * Writes the class of every graded item of `values` into `out` (items not graded for this water body
 * are skipped; `out` is not cleared, so reuse it only for the same keys) and returns the section class,
 * or undefined when no item was graded. Throws AssessmentError like `assess` on bad input.
 */
export function gradeClassesInto(
  values: Readonly<Record<string, number>>,
  waterBody: WaterBodyKind,
  out: Record<string, WaterClass>,
): WaterClass | undefined {
  const table = waterBody === 'lake' ? LAKE : RIVER;
  let overall = 0;
  for (const key in values) {
    const t = table.get(key);
    const v = values[key];
    // the checks are cheap comparisons; the error path re-uses the reference validation for its message
    if (t === undefined || !(v >= 0 || (t.mayBeNegative && v > -Infinity)) || v === Infinity)
      failFast(key, v);
    if (t!.mode === NOT_GRADED) continue;
    const cls = gradeCompiled(t!, v);
    out[key] = cls;
    if (cls > overall) overall = cls;
  }
  return overall === 0 ? undefined : (overall as WaterClass);
}

function failFast(key: string, value: number): never {
  requireValidValue(requireItem(key), value);
  throw new AssessmentError('non_finite_value', `${key}: value must be a finite number`, key);
}

/** What the stream processor needs per sample: `assess` without explanation, absent and notGraded lists. */
export interface GradeSummary {
  classes: Record<string, WaterClass>;
  overall?: WaterClass;
  exceedance: Record<string, number>;
  primary: string[];
  compliant?: boolean;
}

/** Lean path: classes via `gradeClassesInto`, exceedance and primary pollutants only when worse than III. */
export function gradeSummary(
  values: Readonly<Record<string, number>>,
  waterBody: WaterBodyKind,
  targetClass?: number,
): GradeSummary {
  const classes: Record<string, WaterClass> = {};
  const overall = gradeClassesInto(values, waterBody, classes);
  const exceedance: Record<string, number> = {};
  let primary: string[] = [];
  if (overall !== undefined && overall > 3) {
    const raw: Record<string, number> = {};
    for (const key in classes) {
      if (classes[key] <= 3) continue;
      const multiple = rawExceedance(requireItem(key), values[key], waterBody);
      if (multiple === undefined) continue;
      raw[key] = multiple;
      exceedance[key] = roundMultiple(multiple);
    }
    primary = primaryPollutants(classes, raw);
  }
  const compliant = overall === undefined || targetClass === undefined ? undefined : overall <= targetClass;
  return { classes, overall, exceedance, primary, compliant };
}
