import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProblemCategory, ProblemState, ProblemVerification, Severity } from '@river/workflow';
import type { Province } from '../identity/principal';

/** One problem of a campaign's list (督察问题). Its moves are in problem_event. */
@Entity('inspection_problem')
export class ProblemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  /** 序号 within the campaign */
  @Column('integer')
  seq!: number;

  @Column('text')
  title!: string;

  @Column('text')
  description!: string;

  @Column('text')
  category!: ProblemCategory;

  /** 属地: the jurisdiction that must rectify */
  @Column('text')
  province!: Province;

  @Column('text')
  district!: string;

  @Column('text', { name: 'found_by' })
  foundBy!: Province;

  @Column('text')
  severity!: Severity;

  @Column('text', { name: 'location_text' })
  locationText!: string;

  @Column('double precision', { nullable: true })
  lat!: number | null;

  @Column('double precision', { nullable: true })
  lon!: number | null;

  @Column('text', { name: 'station_codes', array: true })
  stationCodes!: string[];

  @Column('text', { name: 'case_ids', array: true })
  caseIds!: string[];

  @Column('text', { array: true })
  evidence!: string[];

  @Column('text')
  note!: string;

  @Column('text')
  state!: ProblemState;

  @Column('timestamptz', { nullable: true })
  deadline!: Date | null;

  @Column('text', { nullable: true })
  plan!: string | null;

  @Column('text', { name: 'rectification_evidence', array: true })
  rectificationEvidence!: string[];

  @Column('jsonb')
  verifications!: ProblemVerification[];

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
