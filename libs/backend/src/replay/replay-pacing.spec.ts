import { countDue, dueAtMs, nextRate, progressOf } from './replay-pacing';

describe('replay pacing', () => {
  const anchor = { wallMs: 1_000, receivedMs: 60_000 };

  it('spaces messages by their receive times divided by the speed', () => {
    expect(dueAtMs(anchor, 60_000, 10)).toBe(1_000);
    expect(dueAtMs(anchor, 120_000, 10)).toBe(7_000);
    expect(dueAtMs(anchor, 120_000, 1)).toBe(61_000);
  });

  it('makes everything due at once as fast as possible', () => {
    expect(dueAtMs(anchor, 9_999_999, undefined)).toBe(1_000);
    expect(countDue(anchor, [60_000, 70_000, 1e9], undefined, 1_000, 10)).toBe(3);
  });

  it('never schedules a message before the anchor (out-of-order receive times)', () => {
    expect(dueAtMs(anchor, 0, 2)).toBe(1_000);
  });

  it('counts the due prefix, capped', () => {
    const times = [60_000, 61_000, 62_000, 70_000];
    expect(countDue(anchor, times, 1, 2_000, 10)).toBe(2);
    expect(countDue(anchor, times, 1, 100_000, 3)).toBe(3);
    expect(countDue(anchor, [], 1, 100_000, 3)).toBe(0);
  });
});

describe('replay progress', () => {
  it('reports percent, rate and ETA', () => {
    expect(progressOf(50, 200, 10)).toEqual({ done: 50, total: 200, percent: 25, rate: 10, etaSeconds: 15 });
  });

  it('has no ETA before a rate is known, zero when done', () => {
    expect(progressOf(0, 10, null).etaSeconds).toBeNull();
    expect(progressOf(10, 10, null)).toMatchObject({ percent: 100, etaSeconds: 0 });
    expect(progressOf(0, 0, null).percent).toBe(0);
  });

  it('smooths the rate', () => {
    expect(nextRate(null, 100, 1000)).toBe(100);
    expect(nextRate(100, 200, 1000)).toBeCloseTo(130);
    expect(nextRate(5, 10, 0)).toBe(5);
  });
});
