import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a problem's timeline. Append-only (a database trigger refuses UPDATE and DELETE). */
@Entity('problem_event')
export class ProblemEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'problem_id' })
  problemId!: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId!: string;

  /** created | imported | handover | plan | submit | verify | reject | close | reminder_due_soon | reminder_due */
  @Column('text')
  action!: string;

  @Column('text', { name: 'from_state', nullable: true })
  fromState!: string | null;

  @Column('text', { name: 'to_state' })
  toState!: string;

  @Column('text', { name: 'actor_id', nullable: true })
  actorId!: string | null;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName!: string | null;

  @Column('text', { nullable: true })
  role!: string | null;

  @Column('text', { nullable: true })
  province!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('jsonb', { nullable: true })
  detail!: Record<string, unknown> | null;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;
}
