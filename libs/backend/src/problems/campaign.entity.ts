import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Province } from '../identity/principal';

export const CAMPAIGN_STATUSES = ['planned', 'active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A joint inspection (联动督察) of one basin: its rivers, stations, dates and inspectors of both sides. */
@Entity('inspection_campaign')
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  basin!: string;

  @Column('text', { array: true })
  rivers!: string[];

  @Column('text', { name: 'station_codes', array: true })
  stationCodes!: string[];

  @Column('date', { name: 'starts_on' })
  startsOn!: string;

  @Column('date', { name: 'ends_on', nullable: true })
  endsOn!: string | null;

  @Column('boolean')
  joint!: boolean;

  @Column('text', { array: true })
  provinces!: Province[];

  @Column('text', { name: 'inspector_ids', array: true })
  inspectorIds!: string[];

  @Column('text')
  status!: CampaignStatus;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
