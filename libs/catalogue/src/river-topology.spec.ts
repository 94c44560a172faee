import { RiverTopology, isCrossBorder } from './river-topology';
import type { StationRecord } from './station-record';

const station = (code: string, extra: Partial<StationRecord> = {}): StationRecord => ({
  code,
  name: code,
  nameVerified: true,
  river: 'R',
  basin: 'B',
  waterBody: 'river',
  province: 'CQ',
  district: '梁平区',
  lat: 30,
  lon: 107,
  targetClass: 3,
  kind: 'national',
  cadenceMinutes: 240,
  ...extra,
});

// A ─3h→ B ─5h→ D ─2h→ E, and a tributary-like second source C ─4h→ D; F on another river.
const stations = [
  station('A', { downstream: { code: 'B', travelHours: 3 } }),
  station('B', { downstream: { code: 'D', travelHours: 5 } }),
  station('C', { province: 'SC', district: '开江县', downstream: { code: 'D', travelHours: 4 } }),
  station('D', {
    kind: 'cross-border',
    upstreamProvince: 'SC',
    downstreamProvince: 'CQ',
    downstream: { code: 'E', travelHours: 2 },
  }),
  station('E', { province: 'SC' }),
  station('F', { river: 'Other' }),
];
const sut = new RiverTopology(stations);
const codes = (list: Array<{ code: string }>) => list.map((s) => s.code);

describe(RiverTopology.name, () => {
  it('walks downstream, nearest first, with cumulative ETAs', () => {
    expect(codes(sut.downstreamChain('A'))).toEqual(['B', 'D', 'E']);
    expect(sut.arrivalEstimates('A').map((a) => [a.station.code, a.hours])).toEqual([
      ['B', 3],
      ['D', 8],
      ['E', 10],
    ]);
    expect(sut.downstreamChain('E')).toEqual([]);
    expect(sut.downstreamChain('nope')).toEqual([]);
  });

  it('lists the direct upstream stations and all upstream ones with travel times', () => {
    expect(codes(sut.upstreamOf('D')).sort()).toEqual(['B', 'C']);
    expect(sut.upstreamOf('A')).toEqual([]);
    expect(sut.upstreamEstimates('E').map((a) => [a.station.code, a.hours])).toEqual([
      ['D', 2],
      ['C', 6],
      ['B', 7],
      ['A', 10],
    ]);
  });

  it('finds the nearest upstream station in the other province', () => {
    expect(sut.crossBorderUpstream('D')).toMatchObject({ station: { code: 'C' }, hours: 4 });
    expect(sut.crossBorderUpstream('E')).toMatchObject({ station: { code: 'D' }, hours: 2 });
    expect(sut.crossBorderUpstream('B')).toBeUndefined();
    expect(sut.crossBorderUpstream('nope')).toBeUndefined();
  });

  it('orders a river from its sources down, and summarises rivers with the provinces they cross', () => {
    expect(codes(sut.flowOrder('R'))).toEqual(['A', 'C', 'B', 'D', 'E']);
    expect(codes(sut.flowOrder('Other'))).toEqual(['F']);
    expect(sut.flowOrder('unknown')).toEqual([]);
    const rivers = sut.rivers();
    expect(rivers.map((r) => [r.river, r.provinces, r.crossesBorder])).toEqual([
      ['Other', ['CQ'], false],
      ['R', ['CQ', 'SC'], true],
    ]);
  });

  it('does not loop forever on a cycle (validation forbids them; the walk must still end)', () => {
    const cyclic = new RiverTopology([
      station('X', { downstream: { code: 'Y', travelHours: 1 } }),
      station('Y', { downstream: { code: 'X', travelHours: 1 } }),
    ]);
    expect(codes(cyclic.downstreamChain('X'))).toEqual(['Y']);
    expect(cyclic.flowOrder('R')).toEqual([]);
  });

  it('tells cross-border sections apart', () => {
    expect(isCrossBorder(stations[3])).toBe(true);
    expect(isCrossBorder(stations[0])).toBe(false);
    expect(isCrossBorder(station('G', { upstreamProvince: 'CQ', downstreamProvince: 'SC' }))).toBe(true);
  });
});
