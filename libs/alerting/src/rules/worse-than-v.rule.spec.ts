import { resolveSettings } from '../settings';
import { nh3n, sample } from '../testing/sample';
import { WorseThanVRule } from './worse-than-v.rule';

describe(WorseThanVRule.name, () => {
  const sut = new WorseThanVRule();
  const settings = resolveSettings({});

  it('raises on a single 劣V reading and not again while it lasts', () => {
    const a = sut.evaluate(sut.initialState(), nh3n(0, 6), settings);
    expect(a.finding).toMatchObject({
      signal: 'raised',
      overall: 6,
      primary: ['nh3n'],
      episode: 'pollution',
    });
    const b = sut.evaluate(a.state, nh3n(4, 6), settings);
    expect(b.finding).toBeUndefined();
  });

  it('ignores class V and clears after clearReadings better readings', () => {
    expect(sut.evaluate(sut.initialState(), nh3n(0, 5), settings).finding).toBeUndefined();
    let state = sut.evaluate(sut.initialState(), nh3n(0, 6), settings).state;
    const one = sut.evaluate(state, nh3n(4, 5), settings);
    expect(one.finding).toBeUndefined();
    state = sut.evaluate(one.state, nh3n(8, 6), settings).state; // back to 劣V: the count restarts
    state = sut.evaluate(state, sample(12), settings).state;
    const cleared = sut.evaluate(state, sample(16), settings);
    expect(cleared.finding?.signal).toBe('cleared');
    expect(cleared.state.active).toBe(false);
  });

  it('can be disabled per station', () => {
    const off = resolveSettings({ worseThanV: { enabled: false } });
    expect(sut.evaluate(sut.initialState(), nh3n(0, 6), off).finding).toBeUndefined();
  });
});
