import type { StationRecord } from '@river/catalogue';
import type { ParameterKey } from '@river/contracts';
import type { Finding } from './types';

export type StationLookup = (code: string) => StationRecord | undefined;

/** Stations whose next station downstream is `code` (the direct upstream neighbours). */
export function directUpstream(code: string, stations: readonly StationRecord[]): StationRecord[] {
  return stations.filter((s) => s.downstream?.code === code);
}

/** The stations downstream of `code` with the cumulative travel time (cycle-safe). */
export function downstreamWithTravel(
  code: string,
  lookup: StationLookup,
  maxHops = 20,
): Array<{ station: StationRecord; travelHours: number }> {
  const chain: Array<{ station: StationRecord; travelHours: number }> = [];
  const seen = new Set([code]);
  let hours = 0;
  let current = lookup(code);
  while (current?.downstream && chain.length < maxHops) {
    const next = lookup(current.downstream.code);
    if (!next || seen.has(next.code)) break;
    hours += current.downstream.travelHours;
    seen.add(next.code);
    chain.push({ station: next, travelHours: hours });
    current = next;
  }
  return chain;
}

/** 预计到达: when a plume seen at `at` should reach each station downstream. */
export function arrivalEstimates(code: string, at: Date, lookup: StationLookup) {
  return downstreamWithTravel(code, lookup).map(({ station, travelHours }) => ({
    station: station.code,
    name: station.name,
    province: station.province,
    travelHours,
    eta: new Date(at.getTime() + travelHours * 3_600_000).toISOString(),
  }));
}

export interface UpstreamEvidence {
  station: string;
  name: string;
  province: StationRecord['province'];
  /** sampling time upstream */
  at: string;
  parameters: ParameterKey[];
  travelHours: number;
  lagHours: number;
}

/**
 * 上游溯源: the upstream station showed the same exceedance about one travel time earlier. "About":
 * within ± max(50 % of the travel time, 1 h). "Same": a common pollutant (or either side unknown).
 */
export function upstreamAttribution(
  finding: Pick<Finding, 'at' | 'parameters'>,
  upstream: ReadonlyArray<{
    station: StationRecord;
    travelHours: number;
    recentExceedances: ReadonlyArray<{ ts: string; parameters: ParameterKey[] }>;
  }>,
): UpstreamEvidence[] {
  const at = Date.parse(finding.at);
  const evidence: UpstreamEvidence[] = [];
  for (const u of upstream) {
    const tolerance = Math.max(u.travelHours * 0.5, 1);
    const matches = u.recentExceedances
      .map((e) => ({ e, lagHours: (at - Date.parse(e.ts)) / 3_600_000 }))
      .filter(
        ({ e, lagHours }) =>
          Math.abs(lagHours - u.travelHours) <= tolerance &&
          sharesPollutant(finding.parameters, e.parameters),
      )
      .sort((a, b) => Math.abs(a.lagHours - u.travelHours) - Math.abs(b.lagHours - u.travelHours));
    const best = matches[0];
    if (best) {
      evidence.push({
        station: u.station.code,
        name: u.station.name,
        province: u.station.province,
        at: best.e.ts,
        parameters: best.e.parameters,
        travelHours: u.travelHours,
        lagHours: Math.round(best.lagHours * 10) / 10,
      });
    }
  }
  return evidence;
}

function sharesPollutant(a: readonly ParameterKey[], b: readonly ParameterKey[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((p) => b.includes(p));
}

/**
 * 联合河长制: a case is joint on a cross-border section, or when an upstream station across the border
 * shows the same exceedance. Returns the provinces concerned (both for a joint case).
 */
export function jointProvinces(
  station: StationRecord,
  evidence: readonly UpstreamEvidence[],
): StationRecord['province'][] {
  const provinces = new Set<StationRecord['province']>([station.province]);
  if (station.kind === 'cross-border') {
    if (station.upstreamProvince) provinces.add(station.upstreamProvince);
    if (station.downstreamProvince) provinces.add(station.downstreamProvince);
  }
  for (const e of evidence) provinces.add(e.province);
  return [...provinces].sort();
}
