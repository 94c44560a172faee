import { defaultCatalogue } from '@river/catalogue';
import { assess } from '@river/water-quality';
import { naturalValues, oxygenSaturation, stationProfile } from './reading-generator';
import { mulberry32 } from './prng';
import { isoWithOffset, localHour } from './time';

describe('reading generator', () => {
  const stations = defaultCatalogue();
  const year = Array.from({ length: 365 * 2 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 12 * 3_600_000));

  it('keeps stations at or near their target class in the natural state, all year round', () => {
    for (const station of stations.filter((_, i) => i % 6 === 0)) {
      const profile = stationProfile(station, 5);
      const classes = year.map(
        (at) =>
          assess({
            waterBody: station.waterBody,
            values: naturalValues(profile, at, 5) as Record<string, number>,
          }).overall!,
      );
      const meeting = classes.filter((c) => c <= station.targetClass).length / classes.length;
      expect({ code: station.code, meeting: meeting > 0.85 }).toEqual({ code: station.code, meeting: true });
      expect(Math.max(...classes)).toBeLessThanOrEqual(station.targetClass + 1);
    }
  });

  it('has a diurnal DO and temperature cycle peaking in the afternoon, warmer in summer', () => {
    const profile = stationProfile(
      stations.find((s) => s.code === 'CQ-LMQ')!,
      1,
    );
    const mean = (hours: number[], day: string, key: 'do' | 'temp') =>
      hours.reduce(
        (sum, h) =>
          sum + naturalValues(profile, new Date(`${day}T${String(h).padStart(2, '0')}:00:00+08:00`), 1)[key]!,
        0,
      ) / hours.length;
    expect(mean([14, 15, 16], '2026-05-10', 'do')).toBeGreaterThan(mean([2, 3, 4], '2026-05-10', 'do'));
    expect(mean([14, 15, 16], '2026-05-10', 'temp')).toBeGreaterThan(mean([2, 3, 4], '2026-05-10', 'temp'));
    expect(mean([12], '2026-08-01', 'temp')).toBeGreaterThan(mean([12], '2026-01-15', 'temp') + 10);
  });

  it('is deterministic per (seed, station, time) and stays within the plausible ranges', () => {
    const profile = stationProfile(stations[0], 11);
    const at = new Date('2026-11-22T08:00:00+08:00');
    expect(naturalValues(profile, at, 11)).toEqual(naturalValues(stationProfile(stations[0], 11), at, 11));
    expect(naturalValues(profile, at, 11)).not.toEqual(naturalValues(profile, at, 12));
    for (const t of year) {
      const v = naturalValues(profile, t, 11);
      expect(v.ph! >= 6 && v.ph! <= 9 && v.do! > 0 && v.do! < 20 && v.temp! > -1 && v.temp! < 40).toBe(true);
    }
  });

  it('has helpers that behave: PRNG in [0,1), DO saturation, +08:00 timestamps', () => {
    const random = mulberry32(1);
    const draws = Array.from({ length: 1000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(oxygenSaturation(20)).toBeCloseTo(9.09, 1);
    expect(isoWithOffset(new Date('2026-11-22T00:00:00Z'))).toBe('2026-11-22T08:00:00+08:00');
    expect(localHour(new Date('2026-11-22T07:30:00Z'))).toBe(15.5);
  });
});
