import { resolveSettings } from './settings';
import {
  episodeActive,
  evaluateStation,
  evaluateStationSilence,
  initialStationState,
} from './station-evaluator';
import { nh3n, sample } from './testing/sample';

describe(evaluateStation.name, () => {
  const settings = resolveSettings({});

  it('sorts a batch by sampling time before evaluating', () => {
    const { findings, state } = evaluateStation(initialStationState(), [nh3n(4, 5), nh3n(0, 5)], settings);
    expect(findings.map((f) => f.rule)).toEqual(['sustained_exceedance']);
    expect(state.lastTs).toBe(nh3n(4, 5).ts.toISOString());
    expect(episodeActive(state, 'pollution')).toBe(true);
    expect(episodeActive(state, 'instrument_fault')).toBe(false);
  });

  it('a late compliant reading does not clear a raised condition', () => {
    const raised = evaluateStation(initialStationState(), [nh3n(0, 5), nh3n(4, 5)], settings);
    const late = evaluateStation(raised.state, [sample(1), sample(2), sample(3)], settings);
    expect(late.findings).toEqual([]);
    expect(late.skipped).toHaveLength(3);
    expect(episodeActive(late.state, 'pollution')).toBe(true);
  });

  it('one reading can raise several rules of one episode (劣V and sustained) and keeps recent exceedances', () => {
    const { findings, state } = evaluateStation(initialStationState(), [nh3n(0, 6), nh3n(4, 6)], settings);
    expect(findings.map((f) => f.rule)).toEqual(['worse_than_v', 'sustained_exceedance']);
    expect(state.recentExceedances).toEqual([
      { ts: nh3n(0, 6).ts.toISOString(), parameters: ['nh3n'] },
      { ts: nh3n(4, 6).ts.toISOString(), parameters: ['nh3n'] },
    ]);
  });

  it('silence is judged against the last sampling time; the next reading clears it', () => {
    const { state } = evaluateStation(initialStationState(), [sample(0)], settings);
    const silent = evaluateStationSilence(state, 'CQ-LMQ', new Date(sample(13).ts), 240, settings);
    expect(silent.finding?.rule).toBe('no_data');
    expect(episodeActive(silent.state, 'no_data')).toBe(true);
    const back = evaluateStation(silent.state, [sample(14)], settings);
    expect(back.findings.map((f) => [f.rule, f.signal])).toEqual([['no_data', 'cleared']]);
  });
});
