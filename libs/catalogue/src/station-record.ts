import type { WaterClass } from '@river/contracts';

export type ProvinceCode = 'CQ' | 'SC';
export type StationKind = 'national' | 'provincial' | 'cross-border';
export type WaterBody = 'river' | 'lake';

/** One monitoring section (SPEC §4). `code` is the stable id used in MQTT topics and the API. */
export interface StationRecord {
  code: string;
  /** section name as published (Chinese) */
  name: string;
  /** false when the published name is not known/confirmed: never present a guess as published */
  nameVerified: boolean;
  river: string;
  /** false when the river assignment is not confirmed (SPEC §4 marks those with ?) */
  riverVerified?: boolean;
  basin: string;
  waterBody: WaterBody;
  province: ProvinceCode;
  district: string;
  lat: number;
  lon: number;
  /** 目标水质: the class the section must meet (1..5) */
  targetClass: Exclude<WaterClass, 6>;
  kind: StationKind;
  /** cross-border sections: where the water comes from and goes to */
  upstreamProvince?: ProvinceCode;
  downstreamProvince?: ProvinceCode;
  /** river topology: the next station downstream on the same river and the typical travel time */
  downstream?: { code: string; travelHours: number };
  /** expected reporting interval in minutes (automatic stations: usually 240) */
  cadenceMinutes: number;
}
