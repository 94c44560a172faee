import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ChiefLevel, Principal, Province, Role } from './principal';

@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  username!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash!: string;

  @Column('text')
  role!: Role;

  @Column('text')
  province!: Province;

  @Column('text', { nullable: true })
  level!: ChiefLevel | null;

  @Column('text', { nullable: true })
  district!: string | null;

  @Column('text', { array: true, nullable: true })
  rivers!: string[] | null;

  @Column('boolean', { default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export function principalOf(user: UserEntity): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    province: user.province,
    ...(user.level ? { level: user.level } : {}),
    ...(user.district ? { district: user.district } : {}),
    ...(user.rivers?.length ? { rivers: user.rivers } : {}),
  };
}

/** What the users API returns (never the hash). */
export function userView(user: UserEntity) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    province: user.province,
    level: user.level,
    district: user.district,
    rivers: user.rivers,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;
