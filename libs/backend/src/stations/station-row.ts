import type { StationRecord } from '@river/catalogue';

/** Column order of the `station` table as written by the seed and the import (one statement per row). */
export const STATION_COLUMNS = [
  'code',
  'name',
  'name_verified',
  'river',
  'river_verified',
  'basin',
  'water_body',
  'province',
  'district',
  'lat',
  'lon',
  'target_class',
  'kind',
  'upstream_province',
  'downstream_province',
  'downstream_code',
  'travel_hours',
  'cadence_minutes',
] as const;

export function stationToRow(s: StationRecord): unknown[] {
  return [
    s.code,
    s.name,
    s.nameVerified,
    s.river,
    s.riverVerified ?? null,
    s.basin,
    s.waterBody,
    s.province,
    s.district,
    s.lat,
    s.lon,
    s.targetClass,
    s.kind,
    s.upstreamProvince ?? null,
    s.downstreamProvince ?? null,
    s.downstream?.code ?? null,
    s.downstream?.travelHours ?? null,
    s.cadenceMinutes,
  ];
}
