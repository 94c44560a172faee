import { resolveSettings } from '../settings';
import { sample } from '../testing/sample';
import { NoDataRule } from './no-data.rule';

describe(NoDataRule.name, () => {
  const sut = new NoDataRule();
  const settings = resolveSettings({});
  const last = new Date('2026-11-22T00:00:00Z');
  const at = (minutes: number) => new Date(last.getTime() + minutes * 60_000);

  it('raises only when the silence exceeds 3 × cadence', () => {
    expect(
      sut.evaluateSilence(sut.initialState(), 'S', last, at(720), 240, settings).finding,
    ).toBeUndefined();
    const raised = sut.evaluateSilence(sut.initialState(), 'S', last, at(721), 240, settings);
    expect(raised.finding).toMatchObject({
      rule: 'no_data',
      episode: 'no_data',
      signal: 'raised',
      at: at(721).toISOString(),
    });
    expect(sut.evaluateSilence(raised.state, 'S', last, at(900), 240, settings).finding).toBeUndefined();
  });

  it('works for a 1-minute cadence and a per-station multiple', () => {
    const five = resolveSettings({ noData: { cadenceMultiple: 5 } });
    expect(sut.evaluateSilence(sut.initialState(), 'S', last, at(4), 1, settings).finding?.signal).toBe(
      'raised',
    );
    expect(sut.evaluateSilence(sut.initialState(), 'S', last, at(4), 1, five).finding).toBeUndefined();
  });

  it('never raises for a station that never reported', () => {
    expect(
      sut.evaluateSilence(sut.initialState(), 'S', undefined, at(99999), 240, settings).finding,
    ).toBeUndefined();
  });

  it('the next reading clears it', () => {
    const raised = sut.evaluateSilence(sut.initialState(), 'S', last, at(800), 240, settings);
    expect(sut.evaluate(raised.state, sample(20)).finding?.signal).toBe('cleared');
    expect(sut.evaluate(sut.initialState(), sample(20)).finding).toBeUndefined();
  });
});
