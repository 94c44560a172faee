import { sample } from '../testing/sample';
import { toReadingRef } from '../types';
import { type Damped, dampen, findingOf, outcomeOf } from './damping';

describe(dampen.name, () => {
  const ref = (h: number) => toReadingRef(sample(h));
  const limits = { raiseAfter: 2, clearAfter: 3 };
  const quiet: Damped = { active: false, run: [], clearCount: 0 };

  /** Feeds presence flags (one reading per hour) and lists the changes with the hour they happened. */
  function walk(present: boolean[], l = limits) {
    let state: Damped = quiet;
    const changes: Array<[string, number, number]> = [];
    present.forEach((p, h) => {
      const step = dampen(state, p, ref(h), l);
      if (step.change) changes.push([step.change.signal, h, step.change.count]);
      state = { active: step.active, run: step.run, clearCount: step.clearCount };
    });
    return { state, changes };
  }

  it('raises after raiseAfter readings in a row, naming them, and clears after clearAfter without', () => {
    const first = dampen(quiet, true, ref(0), limits);
    expect(first).toEqual({ active: false, run: [ref(0)], clearCount: 0 });
    const raised = dampen(first, true, ref(1), limits);
    expect(raised).toEqual({
      active: true,
      run: [],
      clearCount: 0,
      change: { signal: 'raised', readings: [ref(0), ref(1)], count: 2 },
    });
    expect(walk([true, true, false, false, false]).changes).toEqual([
      ['raised', 1, 2],
      ['cleared', 4, 3],
    ]);
  });

  it('an absent reading restarts the raise run; a present one restarts the clear count', () => {
    expect(walk([true, false, true]).changes).toEqual([]);
    expect(walk([true, true, false, false, true, false, false]).changes).toEqual([['raised', 1, 2]]);
  });

  it('the cleared change names only the reading that completed it', () => {
    const active: Damped = { active: true, run: [], clearCount: 2 };
    expect(dampen(active, false, ref(9), limits).change).toEqual({
      signal: 'cleared',
      readings: [ref(9)],
      count: 3,
    });
  });

  it('raiseAfter 1 raises on the first reading', () => {
    expect(walk([true], { raiseAfter: 1, clearAfter: 1 }).changes).toEqual([['raised', 0, 1]]);
  });
});

describe(outcomeOf.name, () => {
  const rule = { id: 'worse_than_v', episode: 'pollution' } as const;
  const s = sample(3);

  it('carries no finding key when nothing changed', () => {
    expect(outcomeOf(rule, s, { n: 1 }, undefined, () => ({ parameters: [], summary: 'x' }))).toStrictEqual({
      state: { n: 1 },
    });
  });

  it('builds the finding at the reading, letting the rule name other readings', () => {
    const other = toReadingRef(sample(1));
    const out = outcomeOf(rule, s, 0, { signal: 'cleared', readings: [], count: 2 }, (c) => ({
      readings: [other],
      parameters: [],
      summary: `after ${c.count}`,
    }));
    expect(out.finding).toStrictEqual({
      station: 'CQ-LMQ',
      rule: 'worse_than_v',
      episode: 'pollution',
      signal: 'cleared',
      at: s.ts.toISOString(),
      readings: [other],
      parameters: [],
      summary: 'after 2',
    });
    expect(findingOf(rule, s, { signal: 'raised', readings: [] }, { parameters: [], summary: 'y' }).at).toBe(
      s.ts.toISOString(),
    );
  });
});
