import type { RiverTopology } from '@river/catalogue';
import type { Values } from '../generator/reading-generator';
import type { PlumeEvent } from './scenario';

/** 0..1: the plume's strength at the origin `hoursSinceStart` after it started (trapezoid). */
export function plumeShape(e: PlumeEvent, hoursSinceStart: number): number {
  const t = hoursSinceStart;
  if (t < 0) return 0;
  if (t < e.riseHours) return t / e.riseHours;
  if (t <= e.riseHours + e.holdHours) return 1;
  const falling = t - e.riseHours - e.holdHours;
  return falling < e.fallHours ? 1 - falling / e.fallHours : 0;
}

/** Where each plume arrives: the origin (delay 0) and the stations downstream with their ETAs. */
export interface PlumeReach {
  event: PlumeEvent;
  delayHours: Map<string, number>;
}

export function plumeReach(event: PlumeEvent, topology: RiverTopology): PlumeReach {
  const delayHours = new Map([[event.origin, 0]]);
  const chain = topology.arrivalEstimates(event.origin).slice(0, event.maxStations);
  for (const arrival of chain) delayHours.set(arrival.station.code, arrival.hours);
  return { event, delayHours };
}

/** What the plumes add to one station's values at `hour` (hours since the simulation start). */
export function plumeContribution(reaches: readonly PlumeReach[], station: string, hour: number): Values {
  const out: Values = {};
  for (const { event, delayHours } of reaches) {
    const delay = delayHours.get(station);
    if (delay === undefined) continue;
    const strength =
      plumeShape(event, hour - event.startHour - delay) * (1 - event.attenuationPerHour) ** delay;
    if (strength === 0) continue;
    for (const [key, add] of Object.entries(event.add) as Array<[keyof Values, number]>) {
      out[key] = (out[key] ?? 0) + add * strength;
    }
  }
  return out;
}
