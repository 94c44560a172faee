import { defaultCatalogue, defaultTopology, type StationRecord } from '@river/catalogue';
import {
  type DataFlag,
  type GradedSample,
  type ParameterKey,
  PARAMETERS,
  type WaterClass,
} from '@river/contracts';
import { gradeSummary, standardItem } from '@river/water-quality';
import { loadScenario, planSimulation } from '../../../devices-sim/src';
import { resolveSettings } from './settings';
import { evaluateStation, initialStationState, type StationRuleState } from './station-evaluator';
import { arrivalEstimates, jointProvinces, upstreamAttribution } from './topology';
import type { Finding } from './types';

/**
 * 新盛河 pilot, driven by the simulator's scenario fixture (devices-sim/scenarios/xinsheng-pollution.json):
 * NH3-N and TP rise upstream in 梁平区 and travel 8 h to 联盟桥 (cross-border, 渝→川), 12 h more to 开江县.
 * Expect a sustained-exceedance finding at 联盟桥 that is joint (CQ + SC), attributed to the upstream
 * station about one travel time earlier, with an arrival estimate for the Sichuan side.
 */
describe('xinsheng NH3-N plume reaches 联盟桥', () => {
  const topology = defaultTopology();
  const byCode = new Map(defaultCatalogue().map((s) => [s.code, s]));
  const lookup = (code: string) => byCode.get(code);
  const scenario = loadScenario('xinsheng-pollution');
  const stations = (scenario.stations ?? []).map((c) => byCode.get(c)!);
  const emissions = planSimulation({
    stations,
    topology,
    scenario,
    start: new Date('2026-11-01T00:00:00+08:00'),
    durationHours: 96,
    seed: 7,
  });

  /** What ingestion hands the sink: graded by GB 3838 (only N-flagged, plausible values). */
  function graded(station: StationRecord): GradedSample[] {
    return emissions
      .filter((e) => e.station === station.code)
      .flatMap((e) => e.readings)
      .map((r) => {
        const values = r.values as Partial<Record<ParameterKey, number>>;
        const flags = (r.flags ?? {}) as Partial<Record<ParameterKey, DataFlag>>;
        const gradable: Record<string, number> = {};
        for (const [k, v] of Object.entries(values) as Array<[ParameterKey, number]>) {
          const range = PARAMETERS[k].plausible;
          if (!flags[k] && v >= range.min && v <= range.max && standardItem(k)) gradable[k] = v;
        }
        const s = gradeSummary(gradable, station.waterBody, station.targetClass);
        return {
          station: station.code,
          ts: new Date(r.ts),
          values,
          flags,
          classes: s.classes as Partial<Record<ParameterKey, WaterClass>>,
          overall: s.overall,
          targetClass: station.targetClass,
          compliant: s.compliant,
          primary: s.primary as ParameterKey[],
          exceedance: s.exceedance as Partial<Record<ParameterKey, number>>,
          implausible: [],
        };
      });
  }

  const settings = resolveSettings({});
  const run = (code: string): { state: StationRuleState; findings: Finding[] } =>
    evaluateStation(initialStationState(), graded(byCode.get(code)!), settings);
  const upstream = run('CQ-U-XSH01');
  const lmq = run('CQ-LMQ');
  const raised = lmq.findings.find((f) => f.rule === 'sustained_exceedance' && f.signal === 'raised');

  it('the plume raises a sustained exceedance at 联盟桥 naming NH3-N', () => {
    expect(raised).toBeDefined();
    expect(raised!.overall).toBeGreaterThan(3);
    expect(raised!.primary).toContain('nh3n');
    expect(raised!.readings).toHaveLength(2);
  });

  it('raises once per episode and proposes recovery once the plume has passed', () => {
    const sustained = lmq.findings.filter((f) => f.rule === 'sustained_exceedance').map((f) => f.signal);
    expect(sustained).toEqual(['raised', 'cleared']);
    expect(lmq.findings.some((f) => f.episode === 'instrument_fault')).toBe(false);
  });

  it('the upstream station saw the same exceedance about one travel time (8 h) earlier', () => {
    const u = topology.upstreamEstimates('CQ-LMQ').map((e) => ({
      station: e.station,
      travelHours: e.hours,
      recentExceedances: upstream.state.recentExceedances,
    }));
    const evidence = upstreamAttribution(
      raised!,
      u.filter((x) => x.station.code === 'CQ-U-XSH01'),
    );
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ station: 'CQ-U-XSH01', travelHours: 8 });
    expect(Math.abs(evidence[0].lagHours - 8)).toBeLessThanOrEqual(4);
  });

  it('the case is joint (渝→川 cross-border section) and warns 开江县 about the arrival', () => {
    expect(jointProvinces(byCode.get('CQ-LMQ')!, [])).toEqual(['CQ', 'SC']);
    const arrivals = arrivalEstimates('CQ-LMQ', new Date(raised!.at), lookup);
    expect(arrivals[0]).toMatchObject({ station: 'SC-U-RSH01', province: 'SC', travelHours: 12 });
    expect(Date.parse(arrivals[0].eta) - Date.parse(raised!.at)).toBe(12 * 3_600_000);
  });

  it('a sample evaluated twice or late changes nothing', () => {
    const samples = graded(byCode.get('CQ-LMQ')!);
    const again = evaluateStation(lmq.state, samples, settings);
    expect(again.findings).toEqual([]);
    expect(again.skipped).toHaveLength(samples.length);
    expect(again.state).toEqual(lmq.state);
  });
});
