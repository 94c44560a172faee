import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ChiefLevel, Principal, Province, Role } from './principal';

/** A named long-lived bearer token for a machine client; only its SHA-256 is stored. */
@Entity('api_token')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

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

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}

export function apiTokenPrincipal(token: ApiTokenEntity): Principal {
  return {
    userId: `token:${token.id}`,
    username: `token:${token.name}`,
    displayName: token.name,
    role: token.role,
    province: token.province,
    machine: true,
    ...(token.level ? { level: token.level } : {}),
    ...(token.district ? { district: token.district } : {}),
    ...(token.rivers?.length ? { rivers: token.rivers } : {}),
  };
}

export function apiTokenView(token: ApiTokenEntity) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    province: token.province,
    level: token.level,
    district: token.district,
    rivers: token.rivers,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
