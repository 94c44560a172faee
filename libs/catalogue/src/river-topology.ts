import type { ProvinceCode, StationRecord } from './station-record';

export interface ArrivalEstimate {
  station: StationRecord;
  /** typical travel time from the origin station, hours (sum along the river) */
  hours: number;
}

export interface RiverSummary {
  river: string;
  basin: string;
  /** provinces the river's stations lie in, in flow order of first appearance */
  provinces: ProvinceCode[];
  crossesBorder: boolean;
  /** upstream → downstream */
  stations: StationRecord[];
}

/** A section on the border, or a record saying which provinces the water flows between. */
export function isCrossBorder(station: StationRecord): boolean {
  return (
    station.kind === 'cross-border' ||
    (station.upstreamProvince !== undefined &&
      station.downstreamProvince !== undefined &&
      station.upstreamProvince !== station.downstreamProvince)
  );
}

/**
 * The river network as the catalogue describes it: each station points to the next station
 * downstream on the same river with a typical travel time (acyclic, checked on import). Pure: built
 * from records, answers questions by walking the links. Used for plume ETAs and upstream attribution.
 */
export class RiverTopology {
  private readonly byCode: Map<string, StationRecord>;
  private readonly upstream = new Map<string, StationRecord[]>();

  constructor(stations: readonly StationRecord[]) {
    this.byCode = new Map(stations.map((s) => [s.code, s]));
    for (const s of stations) {
      if (!s.downstream || !this.byCode.has(s.downstream.code)) continue;
      const list = this.upstream.get(s.downstream.code) ?? [];
      list.push(s);
      this.upstream.set(s.downstream.code, list);
    }
  }

  station(code: string): StationRecord | undefined {
    return this.byCode.get(code);
  }

  /** The stations below `code`, nearest first (the walk stops at a cycle, which validation forbids anyway). */
  downstreamChain(code: string): StationRecord[] {
    return this.arrivalEstimates(code).map((a) => a.station);
  }

  /** ETA of water leaving `code` at each station downstream, cumulative hours. */
  arrivalEstimates(code: string): ArrivalEstimate[] {
    const out: ArrivalEstimate[] = [];
    const seen = new Set([code]);
    let hours = 0;
    let link = this.byCode.get(code)?.downstream;
    while (link && !seen.has(link.code)) {
      const next = this.byCode.get(link.code);
      if (!next) break;
      hours += link.travelHours;
      out.push({ station: next, hours });
      seen.add(next.code);
      link = next.downstream;
    }
    return out;
  }

  /** The stations whose next station downstream is `code` (a confluence has several). */
  upstreamOf(code: string): StationRecord[] {
    return [...(this.upstream.get(code) ?? [])];
  }

  /** Every station upstream of `code` with the travel time from it down to `code`, nearest first. */
  upstreamEstimates(code: string): ArrivalEstimate[] {
    const out: ArrivalEstimate[] = [];
    const seen = new Set([code]);
    let frontier: ArrivalEstimate[] = [{ station: this.byCode.get(code)!, hours: 0 }].filter(
      (a) => a.station,
    );
    while (frontier.length) {
      const next: ArrivalEstimate[] = [];
      for (const { station, hours } of frontier) {
        for (const up of this.upstreamOf(station.code)) {
          if (seen.has(up.code)) continue;
          seen.add(up.code);
          next.push({ station: up, hours: hours + (up.downstream?.travelHours ?? 0) });
        }
      }
      out.push(...next);
      frontier = next;
    }
    return out.sort((a, b) => a.hours - b.hours || a.station.code.localeCompare(b.station.code));
  }

  /**
   * The nearest station upstream of `code` that lies in the other province — where the water came from
   * before crossing the border (SPEC §6 upstream attribution) — with the travel time from it to `code`.
   */
  crossBorderUpstream(code: string): ArrivalEstimate | undefined {
    const origin = this.byCode.get(code);
    if (!origin) return undefined;
    return this.upstreamEstimates(code).find((a) => a.station.province !== origin.province);
  }

  /** The stations of one river, upstream → downstream (sources ordered by code for stable output). */
  flowOrder(river: string): StationRecord[] {
    const onRiver = [...this.byCode.values()].filter((s) => s.river === river);
    const indegree = new Map(onRiver.map((s) => [s.code, 0]));
    for (const s of onRiver) {
      const d = s.downstream?.code;
      if (d !== undefined && indegree.has(d)) indegree.set(d, (indegree.get(d) ?? 0) + 1);
    }
    const ready = onRiver
      .filter((s) => indegree.get(s.code) === 0)
      .sort((a, b) => a.code.localeCompare(b.code));
    const out: StationRecord[] = [];
    while (ready.length) {
      const s = ready.shift()!;
      out.push(s);
      const d = s.downstream?.code;
      if (d === undefined || !indegree.has(d)) continue;
      const left = (indegree.get(d) ?? 0) - 1;
      indegree.set(d, left);
      if (left === 0) ready.push(this.byCode.get(d)!);
    }
    return out;
  }

  rivers(): RiverSummary[] {
    const names = [...new Set([...this.byCode.values()].map((s) => s.river))].sort((a, b) =>
      a.localeCompare(b, 'zh'),
    );
    return names.map((river) => {
      const stations = this.flowOrder(river);
      const provinces = [...new Set(stations.map((s) => s.province))];
      return {
        river,
        basin: stations[0]?.basin ?? '',
        provinces,
        crossesBorder: provinces.length > 1 || stations.some(isCrossBorder),
        stations,
      };
    });
  }
}
