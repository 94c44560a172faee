import { resolveSettings } from '../settings';
import { sample } from '../testing/sample';
import { feedRule } from '../testing/feed';
import { jumped, SuddenChangeRule } from './sudden-change.rule';
import type { GradedSample } from '@river/contracts';

describe(SuddenChangeRule.name, () => {
  const sut = new SuddenChangeRule();
  const settings = resolveSettings({});
  const steady = (h: number, nh3n = 0.3, extra: Partial<GradedSample> = {}) =>
    sample(h, { values: { ph: 7.5, do: 8, nh3n }, ...extra });

  const feed = (samples: GradedSample[]) => feedRule(sut, samples, settings);
  const baseline = [0, 1, 2, 3, 4, 5].map((h) => steady(h));

  it('needs a full baseline before judging', () => {
    expect(feed([steady(0), steady(1, 5)]).findings).toEqual([]);
  });

  it('raises on NH3-N jumping well above its rolling mean, naming the parameter', () => {
    const { findings } = feed([...baseline, steady(6, 1.2)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'sudden_change', signal: 'raised', parameters: ['nh3n'] });
  });

  it('ignores changes smaller than the absolute minimum (noise near the detection limit)', () => {
    expect(feed([...baseline, steady(6, 0.7)]).findings).toEqual([]);
  });

  it('ignores flagged and implausible values', () => {
    expect(feed([...baseline, steady(6, 5, { flags: { nh3n: 'C' } })]).findings).toEqual([]);
    expect(feed([...baseline, steady(6, 5, { implausible: ['nh3n'] })]).findings).toEqual([]);
  });

  it('clears after clearReadings calm readings', () => {
    const { findings } = feed([...baseline, steady(6, 1.2), steady(7), steady(8)]);
    expect(findings.map((f) => f.signal)).toEqual(['raised', 'cleared']);
  });

  it('DO counts when it falls, pH either way', () => {
    const cfg = settings.suddenChange;
    expect(jumped('do', 3, [8, 8, 8], cfg)).toBe(true);
    expect(jumped('do', 12, [8, 8, 8], cfg)).toBe(false);
    expect(jumped('ph', 6.2, [7.5, 7.5], cfg)).toBe(true);
    expect(jumped('ph', 8.6, [7.5, 7.5], cfg)).toBe(true);
    expect(jumped('ph', 7.9, [7.5, 7.5], cfg)).toBe(false);
  });
});
