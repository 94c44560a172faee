import { PARAMETER_KEYS, PARAMETERS } from '@river/contracts';
import type { WaterClass } from './types';
import { AssessmentError } from './assessment-error';
import { GB3838_ITEMS, gradedItemKeys, limitsFor, standardItem, type WaterBodyKind } from './gb3838-table';
import { gradeClassesInto } from './fast-grade';
import { classOf, exceedanceMultiple, romanClass, statusWord } from './grade';

/**
 * SPEC §2 Table 1 transcribed again here, independently of gb3838-table.ts, so a typo in the library's
 * data fails these tests. `<=` items unless listed in AT_LEAST; tp has river and lake rows.
 */
type Row = [number, number, number, number, number];
const SPEC_RIVER: Record<string, Row> = {
  do: [7.5, 6, 5, 3, 2],
  codmn: [2, 4, 6, 10, 15],
  cod: [15, 15, 20, 30, 40],
  bod5: [3, 3, 4, 6, 10],
  nh3n: [0.15, 0.5, 1.0, 1.5, 2.0],
  tp: [0.02, 0.1, 0.2, 0.3, 0.4],
  cu: [0.01, 1.0, 1.0, 1.0, 1.0],
  zn: [0.05, 1.0, 1.0, 2.0, 2.0],
  fluoride: [1.0, 1.0, 1.0, 1.5, 1.5],
  se: [0.01, 0.01, 0.01, 0.02, 0.02],
  as: [0.05, 0.05, 0.05, 0.1, 0.1],
  hg: [0.00005, 0.00005, 0.0001, 0.001, 0.001],
  cd: [0.001, 0.005, 0.005, 0.005, 0.01],
  cr6: [0.01, 0.05, 0.05, 0.05, 0.1],
  pb: [0.01, 0.01, 0.05, 0.05, 0.1],
  cn: [0.005, 0.05, 0.2, 0.2, 0.2],
  phenol: [0.002, 0.002, 0.005, 0.01, 0.1],
  oil: [0.05, 0.05, 0.05, 0.5, 1.0],
  las: [0.2, 0.2, 0.2, 0.3, 0.3],
  sulfide: [0.05, 0.1, 0.2, 0.5, 1.0],
};
const SPEC_LAKE: Record<string, Row> = {
  ...SPEC_RIVER,
  tp: [0.01, 0.025, 0.05, 0.1, 0.2],
  tn: [0.2, 0.5, 1.0, 1.5, 2.0],
};
const AT_LEAST = new Set(['do']);
const SPEC: Record<WaterBodyKind, Record<string, Row>> = { river: SPEC_RIVER, lake: SPEC_LAKE };

/** Expected class straight from the SPEC wording: the best class whose limit the value meets, else 劣V. */
function expectedClass(row: Row, atLeast: boolean, value: number): number {
  const index = row.findIndex((limit) => (atLeast ? value >= limit : value <= limit));
  return index === -1 ? 6 : index + 1;
}

// "just below / just above" a limit: a relative step far above binary noise, far below any limit gap
const below = (limit: number) => limit * (1 - 1e-6);
const above = (limit: number) => limit * (1 + 1e-6);

const limitCases: [WaterBodyKind, string, number, string, number, number][] = [];
for (const waterBody of ['river', 'lake'] as const) {
  for (const [item, row] of Object.entries(SPEC[waterBody])) {
    row.forEach((limit, i) => {
      for (const [where, value] of [
        ['at', limit],
        ['just below', below(limit)],
        ['just above', above(limit)],
      ] as const) {
        limitCases.push([
          waterBody,
          item,
          i + 1,
          where,
          value,
          expectedClass(row, AT_LEAST.has(item), value),
        ]);
      }
    });
  }
}

describe(classOf.name, () => {
  it('has exactly the graded items of SPEC §2 for each water body (rivers 21, lakes 22)', () => {
    expect(GB3838_ITEMS).toHaveLength(24);
    expect([...gradedItemKeys('river')].sort()).toEqual([...Object.keys(SPEC_RIVER), 'ph'].sort());
    expect([...gradedItemKeys('lake')].sort()).toEqual([...Object.keys(SPEC_LAKE), 'ph'].sort());
    expect(gradedItemKeys('river')).toHaveLength(21);
    expect(gradedItemKeys('lake')).toHaveLength(22);
  });

  it.each(Object.entries(SPEC_LAKE).flatMap(([item, row]) => [['lake', item, row] as const]))(
    'the library table holds the SPEC limits for %s %s',
    (waterBody, item, row) => {
      expect(limitsFor(standardItem(item)!, waterBody)).toEqual(row);
      if (item !== 'tn') expect(limitsFor(standardItem(item)!, 'river')).toEqual(SPEC_RIVER[item]);
    },
  );

  it.each(limitCases)(
    '%s %s: Class %i limit, %s (%d) → class %i',
    (waterBody, item, _cls, _where, value, expected) => {
      expect(classOf(item, value, waterBody)).toBe(expected);
      // the stream processor's fast path, on the same boundaries
      const out: Record<string, WaterClass> = {};
      expect(gradeClassesInto({ [item]: value }, waterBody, out)).toBe(expected);
      expect(out[item]).toBe(expected);
    },
  );

  it.each([
    // hand-checked boundaries where several classes share a limit: the best class wins
    ['river', 'cod', 15, 1],
    ['river', 'cod', 15.01, 3],
    ['river', 'cu', 1.0, 2],
    ['river', 'cu', 1.01, 6],
    ['river', 'cn', 0.2, 3],
    ['river', 'fluoride', 1.5, 4],
    ['river', 'hg', 0.0001, 3],
    ['river', 'hg', 0.00011, 4],
    ['river', 'nh3n', 2.0, 5],
    ['river', 'nh3n', 2.01, 6],
    ['river', 'tp', 0.2, 3],
    ['lake', 'tp', 0.2, 5],
    ['lake', 'tp', 0.05, 3],
    ['river', 'do', 7.5, 1],
    ['river', 'do', 7.49, 2],
    ['river', 'do', 1.99, 6],
    ['river', 'do', 0, 6],
    ['river', 'codmn', 0, 1],
    ['lake', 'tn', 1.0, 3],
  ] as const)('%s %s %d → class %i', (waterBody, item, value, expected) => {
    expect(classOf(item, value, waterBody)).toBe(expected);
  });

  it.each([
    [6, 1],
    [9, 1],
    [7.5, 1],
    [below(6), 6],
    [above(9), 6],
    [5.99, 6],
    [9.01, 6],
    [0, 6],
    [14, 6],
  ])('pH %d → class %i in rivers and lakes', (value, expected) => {
    expect(classOf('ph', value, 'river')).toBe(expected);
    expect(classOf('ph', value, 'lake')).toBe(expected);
  });

  it.each([
    ['temp', 'river'],
    ['temp', 'lake'],
    ['cond', 'river'],
    ['turb', 'lake'],
    ['tn', 'river'],
    ['fcoli', 'river'],
    ['fcoli', 'lake'],
  ] as const)('%s is recorded but not graded for %s', (item, waterBody) => {
    expect(classOf(item, 1, waterBody)).toBeUndefined();
  });

  it('accepts negative water temperatures (a temperature, not a concentration)', () => {
    expect(classOf('temp', -0.5, 'river')).toBeUndefined();
  });

  it.each([
    ['nh3n', -0.01, 'negative_value'],
    ['do', -1, 'negative_value'],
    ['nh3n', NaN, 'non_finite_value'],
    ['tp', Infinity, 'non_finite_value'],
    ['temp', -Infinity, 'non_finite_value'],
  ] as const)('%s = %d is an error %s, not a class', (item, value, code) => {
    expect(() => classOf(item, value, 'river')).toThrow(expect.objectContaining({ code, item }));
  });

  it('names the known parameters for an unknown one', () => {
    let error: unknown;
    try {
      classOf('nh4', 1, 'river');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AssessmentError);
    expect(error).toMatchObject({ code: 'unknown_parameter', item: 'nh4' });
    expect((error as Error).message).toContain('nh3n');
    expect((error as Error).message).toContain('turb');
  });
});

describe(exceedanceMultiple.name, () => {
  it.each([
    ['river', 'nh3n', 1.5, 0.5],
    ['river', 'nh3n', 1.0, 0],
    ['river', 'nh3n', 0.3, 0],
    ['river', 'tp', 0.3, 0.5],
    ['lake', 'tp', 0.3, 5],
    ['river', 'codmn', 15, 1.5],
    ['river', 'cod', 60, 2],
    ['river', 'hg', 0.00025, 1.5],
    ['river', 'nh3n', 1.234, 0.23],
    ['lake', 'tn', 3, 2],
  ] as const)('%s %s %d → %d× over Class III', (waterBody, item, value, multiple) => {
    expect(exceedanceMultiple(item, value, waterBody)).toBe(multiple);
  });

  it.each([
    ['ph', 10],
    ['do', 1],
    ['temp', 30],
    ['tn', 3],
    ['fcoli', 50000],
  ])('is not defined for %s in rivers', (item, value) => {
    expect(exceedanceMultiple(item, value, 'river')).toBeUndefined();
  });
});

describe(statusWord.name, () => {
  it.each([
    [1, '优', 'I'],
    [2, '优', 'II'],
    [3, '良好', 'III'],
    [4, '轻度污染', 'IV'],
    [5, '中度污染', 'V'],
    [6, '重度污染', '劣V'],
  ] as const)('class %i is %s (%s)', (cls, word, roman) => {
    expect(statusWord(cls)).toBe(word);
    expect(romanClass(cls)).toBe(roman);
  });

  it('rejects a class outside 1..6', () => {
    expect(() => statusWord(7 as never)).toThrow(AssessmentError);
  });
});

describe('station parameters (SPEC §3)', () => {
  it('knows every parameter the stations send, with the same unit', () => {
    for (const key of PARAMETER_KEYS) {
      expect(standardItem(key)).toBeDefined();
      expect(standardItem(key)!.unit).toBe(PARAMETERS[key].unit);
    }
  });
});
