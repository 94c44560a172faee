import { defaultCatalogue, defaultTopology } from '@river/catalogue';
import { assess } from '@river/water-quality';
import { loadScenario } from './scenarios';
import { Emission, planSimulation } from './scenario-engine';

/** SPEC §7 新盛河: pollution from 梁平区 reaches 联盟桥 one travel time later and crosses into 开江县. */
describe('scenario xinsheng-pollution', () => {
  const scenario = loadScenario('xinsheng-pollution');
  const start = new Date('2026-11-22T00:00:00+08:00');
  const plan = (seed: number) =>
    planSimulation({
      stations: defaultCatalogue().filter((s) => scenario.stations!.includes(s.code)),
      topology: defaultTopology(),
      scenario,
      start,
      durationHours: scenario.durationHours!,
      seed,
    });
  const emissions = plan(42);
  const hoursOf = (e: Emission) => (e.at.getTime() - start.getTime()) / 3_600_000;
  const series = (code: string) =>
    emissions
      .filter((e) => e.station === code)
      .map((e) => ({ hour: hoursOf(e), reading: e.readings[0] }))
      .map(({ hour, reading }) => ({
        hour,
        nh3n: reading.values.nh3n!,
        section: assess({ waterBody: 'river', values: reading.values as Record<string, number> }).overall,
      }));
  const firstAbove = (code: string, limit: number) => series(code).find((p) => p.nh3n > limit)?.hour;

  it('is clean before the plume: 联盟桥 (target III) reads II–III', () => {
    const before = series('CQ-LMQ').filter((p) => p.hour < 20);
    expect(before.length).toBeGreaterThan(3);
    for (const p of before) expect(p.section).toBeLessThanOrEqual(3);
  });

  it('reaches 联盟桥 one travel time (8 h) after the upstream station, and 开江县 12 h later', () => {
    const upstream = firstAbove('CQ-U-XSH01', 1.5)!;
    const lmq = firstAbove('CQ-LMQ', 1.5)!;
    const kaijiang = firstAbove('SC-U-RSH01', 1.5)!;
    expect(upstream).toBeGreaterThanOrEqual(12);
    expect(lmq - upstream).toBe(8);
    expect(kaijiang - lmq).toBe(12);
  });

  it('keeps 联盟桥 at Class V for several consecutive readings, then it recovers', () => {
    const classes = series('CQ-LMQ').map((p) => p.section);
    let run = 0;
    let longestV = 0;
    for (const c of classes) {
      run = c === 5 ? run + 1 : 0;
      longestV = Math.max(longestV, run);
    }
    expect(longestV).toBeGreaterThanOrEqual(4);
    expect(classes).not.toContain(6);
    expect(classes.at(-1)).toBeLessThanOrEqual(3);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const bytes = (list: Emission[]) => list.map((e) => e.payload.toString()).join('\n');
    expect(bytes(plan(42))).toBe(bytes(emissions));
    expect(bytes(plan(43))).not.toBe(bytes(emissions));
  });

  it('sends SPEC §5 payloads: one reading per message, ts with +08:00, increasing seq', () => {
    const lmq = emissions.filter((e) => e.station === 'CQ-LMQ');
    expect(lmq).toHaveLength(24);
    const first = JSON.parse(lmq[0].payload.toString());
    expect(first).toMatchObject({ v: 1, device: 'sim-CQ-LMQ', ts: '2026-11-22T00:00:00+08:00', seq: 1 });
    expect(lmq[0].topic).toBe('river/CQ-LMQ/reading');
    expect(lmq.map((e) => e.readings[0].seq)).toEqual(lmq.map((_, i) => i + 1));
  });
});
