import { resolveSettings } from '../settings';
import { sample } from '../testing/sample';
import { feedRule } from '../testing/feed';
import { faultsOf, InstrumentFaultRule } from './instrument-fault.rule';
import type { GradedSample } from '@river/contracts';

describe(InstrumentFaultRule.name, () => {
  const sut = new InstrumentFaultRule();
  const settings = resolveSettings({});

  const feed = (samples: GradedSample[]) => feedRule(sut, samples, settings);

  it('raises an instrument-fault episode (not pollution) after 2 readings flagged D', () => {
    const { findings } = feed([sample(0, { flags: { nh3n: 'D' } }), sample(4, { flags: { nh3n: 'D' } })]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'instrument_fault',
      episode: 'instrument_fault',
      signal: 'raised',
      parameters: ['nh3n'],
    });
    expect(findings[0].summary).toContain('nh3n flag D');
  });

  it('a single fault is not enough; a clean reading resets', () => {
    expect(
      feed([sample(0, { flags: { tp: 'B' } }), sample(4), sample(8, { flags: { tp: 'B' } })]).findings,
    ).toEqual([]);
  });

  it('values outside the plausible range count as faults', () => {
    const { findings } = feed([sample(0, { implausible: ['ph'] }), sample(4, { implausible: ['ph'] })]);
    expect(findings[0]?.parameters).toEqual(['ph']);
  });

  it('detects a flatline after flatlineReadings identical values', () => {
    let repeats = {};
    let faulty: string[] = [];
    for (let h = 0; h < 6; h++)
      ({ repeats, faulty } = faultsOf(sample(h, { values: { nh3n: 0.42, ph: 7 + h / 10 } }), repeats, 6));
    expect(faulty).toEqual(['nh3n']);
  });

  it('clears after clearReadings clean readings', () => {
    const d = { flags: { nh3n: 'D' as const } };
    // values vary, as real water does (identical values would be a flatline)
    const at = (h: number, extra = {}) =>
      sample(h, { values: { ph: 7 + h / 100, nh3n: 0.3 + h / 100 }, ...extra });
    const { findings } = feed([at(0, d), at(4, d), at(8), at(12, d), at(16), at(20)]);
    expect(findings.map((f) => f.signal)).toEqual(['raised', 'cleared']);
  });
});
