import { resolveSettings } from '../settings';
import { nh3n, sample } from '../testing/sample';
import { feedRule } from '../testing/feed';
import { SustainedExceedanceRule } from './sustained-exceedance.rule';
import type { GradedSample } from '@river/contracts';

describe(SustainedExceedanceRule.name, () => {
  const sut = new SustainedExceedanceRule();
  const settings = resolveSettings({});

  const run = (samples: GradedSample[], s = settings) => feedRule(sut, samples, s);

  it('does not raise on a single exceeding reading', () => {
    const { findings, state } = run([nh3n(0, 4)]);
    expect(findings).toEqual([]);
    expect(state.active).toBe(false);
  });

  it('raises once after N=2 consecutive exceedances, naming the readings, class, target and pollutant', () => {
    const { findings } = run([nh3n(0, 4), nh3n(4, 5), nh3n(8, 5)]);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      rule: 'sustained_exceedance',
      episode: 'pollution',
      signal: 'raised',
      overall: 5,
      targetClass: 3,
      primary: ['nh3n'],
    });
    expect(f.readings.map((r) => r.ts)).toEqual([nh3n(0, 4).ts.toISOString(), nh3n(4, 5).ts.toISOString()]);
    expect(f.at).toBe(nh3n(4, 5).ts.toISOString());
    expect(f.exceedance).toEqual({ nh3n: 0.8 });
  });

  it('a compliant reading in between resets the count', () => {
    expect(run([nh3n(0, 4), sample(4), nh3n(8, 4)]).findings).toEqual([]);
  });

  it('a reading with nothing gradable neither counts nor resets', () => {
    const { findings } = run([nh3n(0, 4), sample(4, { overall: undefined }), nh3n(8, 4)]);
    expect(findings.map((f) => f.signal)).toEqual(['raised']);
  });

  it('clears only after N compliant readings and damps flapping', () => {
    const { findings } = run([
      nh3n(0, 4),
      nh3n(4, 4),
      sample(8),
      nh3n(12, 4),
      sample(16),
      sample(20),
      nh3n(24, 4),
    ]);
    expect(findings.map((f) => [f.signal, f.at])).toEqual([
      ['raised', nh3n(4, 4).ts.toISOString()],
      ['cleared', sample(20).ts.toISOString()],
    ]);
  });

  it('honours per-station N and a target override', () => {
    const three = resolveSettings({ sustainedReadings: 3 });
    expect(three.clearReadings).toBe(3);
    expect(run([nh3n(0, 4), nh3n(4, 4)], three).findings).toEqual([]);
    expect(run([nh3n(0, 4), nh3n(4, 4), nh3n(8, 4)], three).findings).toHaveLength(1);
    const lenient = resolveSettings({ targetClass: 4 });
    expect(run([nh3n(0, 4), nh3n(4, 4)], lenient).findings).toEqual([]);
  });
});
