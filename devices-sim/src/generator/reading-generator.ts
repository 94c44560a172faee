import type { StationRecord } from '@river/catalogue';
import type { ParameterKey } from '@river/contracts';
import { gaussian, Random, streamFor } from './prng';
import { dayOfYear, localHour } from './time';

export type Values = Partial<Record<ParameterKey, number>>;

/**
 * Typical concentrations of a station that meets its target class comfortably (about 60–80 % of the
 * class limit, GB 3838-2002 Table 1), by target class. A Class III station therefore reads mostly II–III.
 */
const TYPICAL_BY_TARGET: Record<
  1 | 2 | 3 | 4 | 5,
  { nh3n: number; tp: number; codmn: number; doFraction: number }
> = {
  1: { nh3n: 0.1, tp: 0.014, codmn: 1.5, doFraction: 0.95 },
  2: { nh3n: 0.28, tp: 0.06, codmn: 2.7, doFraction: 0.9 },
  3: { nh3n: 0.5, tp: 0.12, codmn: 3.9, doFraction: 0.82 },
  4: { nh3n: 0.95, tp: 0.22, codmn: 6.8, doFraction: 0.68 },
  5: { nh3n: 1.35, tp: 0.31, codmn: 10, doFraction: 0.52 },
};

/** Per-station character drawn once from the seed: how this river differs from the typical one. */
export interface StationProfile {
  code: string;
  waterBody: 'river' | 'lake';
  nutrientFactor: number;
  conductivity: number;
  turbidity: number;
  /** colder in the northern mountains (城口) than in the Sichuan basin */
  temperatureOffset: number;
  typical: (typeof TYPICAL_BY_TARGET)[3];
}

export function stationProfile(station: StationRecord, seed: number): StationProfile {
  const random = streamFor(seed, `profile:${station.code}`);
  return {
    code: station.code,
    waterBody: station.waterBody,
    nutrientFactor: 0.8 + random() * 0.3,
    conductivity: 280 + random() * 180,
    turbidity: 8 + random() * 20,
    temperatureOffset: -0.9 * Math.max(0, station.lat - 29.5) + (random() - 0.5),
    typical: TYPICAL_BY_TARGET[station.targetClass],
  };
}

/** Dissolved-oxygen saturation at sea level, mg/L (APHA polynomial), for water temperature in °C. */
export function oxygenSaturation(temp: number): number {
  return 14.62 - 0.3898 * temp + 0.006969 * temp ** 2 - 0.00005897 * temp ** 3;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * One reading of one station at one sampling time: the natural state (no incidents). Annual cycle of
 * temperature and of nutrients (rainy-season run-off), diurnal cycles of temperature, DO and pH
 * (photosynthesis peaks in the afternoon), multiplicative noise. Deterministic for (seed, station, time).
 */
export function naturalValues(profile: StationProfile, at: Date, seed: number): Values {
  const random: Random = streamFor(seed, `${profile.code}@${at.getTime()}`);
  const noise = (sigma: number) => Math.exp(sigma * gaussian(random));
  const season = Math.cos((2 * Math.PI * (dayOfYear(at) - 213)) / 365); // +1 at the start of August
  const diurnal = Math.cos((2 * Math.PI * (localHour(at) - 15)) / 24); // +1 at 15:00
  const temp = 18.5 + 8 * season + 0.8 * diurnal + profile.temperatureOffset + 0.2 * gaussian(random);
  const wet = 1 + 0.15 * season; // more run-off, more nutrients in summer
  const t = profile.typical;
  const values: Values = {
    temp: round(temp, 1),
    ph: round(7.7 + 0.15 * diurnal + 0.05 * gaussian(random), 2),
    do: round(
      Math.max(0.5, oxygenSaturation(temp) * t.doFraction + 0.5 * diurnal + 0.15 * gaussian(random)),
      2,
    ),
    cond: round(profile.conductivity * noise(0.05), 0),
    turb: round(profile.turbidity * (1 + 0.8 * Math.max(0, season)) * noise(0.3), 1),
    codmn: round(t.codmn * profile.nutrientFactor * wet * noise(0.08), 2),
    nh3n: round(t.nh3n * profile.nutrientFactor * wet * noise(0.1), 3),
    tp: round(t.tp * profile.nutrientFactor * wet * noise(0.1) * (profile.waterBody === 'lake' ? 0.4 : 1), 3),
  };
  if (profile.waterBody === 'lake') values.tn = round(0.8 * profile.nutrientFactor * wet * noise(0.08), 2);
  return values;
}
