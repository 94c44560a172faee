import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('webhook')
export class WebhookEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  url!: string;

  /** HMAC-SHA256 key for `X-River-Signature`; shown once, at creation */
  @Column('text', { select: false })
  secret!: string;

  @Column('text', { name: 'event_types', array: true, nullable: true })
  eventTypes!: string[] | null;

  @Column('text', { array: true, nullable: true })
  provinces!: string[] | null;

  @Column('text', { nullable: true })
  river!: string | null;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('text', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function webhookView(w: WebhookEntity) {
  return {
    id: w.id,
    url: w.url,
    eventTypes: w.eventTypes,
    provinces: w.provinces,
    river: w.river,
    active: w.active,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}
