import { defaultCatalogue, defaultTopology } from '@river/catalogue';
import { MAX_PAYLOAD_BYTES, readingPayloadSchema } from '@river/contracts';
import { loadScenario, SCENARIO_NAMES } from './scenarios';
import { planSimulation } from './scenario-engine';

const start = new Date('2026-11-22T00:00:00+08:00');
const run = (name: string) => {
  const scenario = loadScenario(name);
  return planSimulation({
    stations: defaultCatalogue().filter((s) => scenario.stations!.includes(s.code)),
    topology: defaultTopology(),
    scenario,
    start,
    durationHours: scenario.durationHours!,
    seed: 7,
  });
};
const hour = (at: Date) => (at.getTime() - start.getTime()) / 3_600_000;

describe('fault scenarios', () => {
  it('loads every built-in scenario and names only catalogue stations', () => {
    const codes = new Set(defaultCatalogue().map((s) => s.code));
    for (const name of SCENARIO_NAMES) {
      const scenario = loadScenario(name);
      expect(scenario.name).toBe(name);
      for (const code of scenario.stations ?? []) expect(codes).toContain(code);
    }
    expect(() => loadScenario('nope')).toThrow(/unknown scenario/);
  });

  it('instrument-faults: flatline, calibration flag, out-of-range values and a dropout gap', () => {
    const emissions = run('instrument-faults');
    const at = (code: string) =>
      emissions.filter((e) => e.station === code).map((e) => ({ hour: hour(e.at), r: e.readings[0] }));
    const stuck = at('CQ-CT')
      .filter((p) => p.hour >= 8 && p.hour < 32)
      .map((p) => p.r.values.do);
    expect(new Set(stuck).size).toBe(1);
    expect(
      at('CQ-JJDQ')
        .filter((p) => p.r.flags?.tp === 'C')
        .map((p) => p.hour),
    ).toEqual([12, 16]);
    expect(
      at('CQ-FSB')
        .filter((p) => p.r.values.ph === 15)
        .map((p) => p.hour),
    ).toEqual([16, 20]);
    expect(
      at('CQ-FSB')
        .filter((p) => p.r.values.nh3n === -1)
        .map((p) => p.hour),
    ).toEqual([28]);
    const hss = at('CQ-HSS');
    expect(hss.map((p) => p.hour)).not.toContain(12);
    expect(hss.find((p) => p.hour === 24)?.r.seq).toBe(7); // seq 3..6 lost: the platform sees the gap
  });

  it('outage-store-and-forward: buffers the readings and sends them as one JSON array when back', () => {
    const lmq = run('outage-store-and-forward').filter((e) => e.station === 'CQ-LMQ');
    const batch = lmq.filter((e) => e.kind === 'batch');
    expect(batch).toHaveLength(1);
    expect(hour(batch[0].at)).toBe(32);
    const body = JSON.parse(batch[0].payload.toString());
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((r: { ts: string }) => hour(new Date(r.ts)))).toEqual([8, 12, 16, 20, 24, 28]);
    expect(readingPayloadSchema.safeParse(body).success).toBe(true);
    expect(lmq.flatMap((e) => e.readings.map((r) => r.seq))).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('clock-skew: stamps readings ahead (beyond 24 h) or behind', () => {
    const emissions = run('clock-skew');
    const ahead = emissions.filter((e) => e.station === 'CQ-ZT' && hour(e.at) === 8)[0].readings[0];
    expect(Date.parse(ahead.ts) - (start.getTime() + 8 * 3_600_000)).toBe(26 * 3_600_000);
    const late = emissions.filter((e) => e.station === 'CQ-ZYX')[0].readings[0];
    expect(late.ts).toBe('2026-11-21T22:30:00+08:00');
  });

  it('malformed: every kind of broken payload, none of which passes the SPEC §5 schema', () => {
    const broken = run('malformed').filter((e) => e.kind === 'malformed');
    expect(broken.map((e) => e.malformed)).toEqual([
      'not-json',
      'wrong-schema',
      'unknown-parameter',
      'no-offset',
      'not-a-number',
      'oversize',
      'invalid-utf8',
    ]);
    for (const e of broken) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(e.payload));
      } catch {
        continue; // not JSON / not UTF-8: broken by construction
      }
      const tooBig = e.payload.length > MAX_PAYLOAD_BYTES;
      expect(tooBig || !readingPayloadSchema.safeParse(parsed).success).toBe(true);
    }
  });

  it('livestock-discharge: a sharp 劣V spike at 牛角滩 that reaches Sichuan later, weaker', () => {
    const emissions = run('livestock-discharge');
    const peak = (code: string) =>
      emissions
        .filter((e) => e.station === code)
        .reduce(
          (best, e) =>
            e.readings[0].values.nh3n! > best.v ? { v: e.readings[0].values.nh3n!, h: hour(e.at) } : best,
          { v: 0, h: 0 },
        );
    const njt = peak('CQ-NJT');
    const sc = peak('SC-U-TBH01');
    expect(njt.v).toBeGreaterThan(2);
    expect(sc.h).toBeGreaterThan(njt.h);
    expect(sc.v).toBeLessThan(njt.v);
  });
});
