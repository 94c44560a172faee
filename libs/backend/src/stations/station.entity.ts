import type { ProvinceCode, StationKind, StationRecord, WaterBody } from '@river/catalogue';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of the station catalogue (migration 1763910000000-stations). */
@Entity('station')
export class StationEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('boolean', { name: 'name_verified' }) nameVerified!: boolean;
  @Column('text') river!: string;
  @Column('boolean', { name: 'river_verified', nullable: true }) riverVerified!: boolean | null;
  @Column('text') basin!: string;
  @Column('text', { name: 'water_body' }) waterBody!: WaterBody;
  @Column('text') province!: ProvinceCode;
  @Column('text') district!: string;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('smallint', { name: 'target_class' }) targetClass!: number;
  @Column('text') kind!: StationKind;
  @Column('text', { name: 'upstream_province', nullable: true }) upstreamProvince!: ProvinceCode | null;
  @Column('text', { name: 'downstream_province', nullable: true }) downstreamProvince!: ProvinceCode | null;
  @Column('text', { name: 'downstream_code', nullable: true }) downstreamCode!: string | null;
  @Column('double precision', { name: 'travel_hours', nullable: true }) travelHours!: number | null;
  @Column('integer', { name: 'cadence_minutes' }) cadenceMinutes!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

export function toStationRecord(e: StationEntity): StationRecord {
  return {
    code: e.code,
    name: e.name,
    nameVerified: e.nameVerified,
    river: e.river,
    ...(e.riverVerified === null ? {} : { riverVerified: e.riverVerified }),
    basin: e.basin,
    waterBody: e.waterBody,
    province: e.province,
    district: e.district,
    lat: e.lat,
    lon: e.lon,
    targetClass: e.targetClass as StationRecord['targetClass'],
    kind: e.kind,
    ...(e.upstreamProvince ? { upstreamProvince: e.upstreamProvince } : {}),
    ...(e.downstreamProvince ? { downstreamProvince: e.downstreamProvince } : {}),
    ...(e.downstreamCode && e.travelHours !== null
      ? { downstream: { code: e.downstreamCode, travelHours: e.travelHours } }
      : {}),
    cadenceMinutes: e.cadenceMinutes,
  };
}
