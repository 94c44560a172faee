import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A station's device (SPEC §5): MQTT client id = username = id; the secret is only ever stored hashed. */
@Entity('device')
export class DeviceEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'station_code' }) stationCode!: string;
  @Column('text', { name: 'secret_hash', select: false }) secretHash!: string;
  @Column('boolean') disabled!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'secret_rotated_at' }) secretRotatedAt!: Date;
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  @Column('boolean') online!: boolean;
}
