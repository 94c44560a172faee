import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { conflict, notFound } from '../errors/domain-error';
import { apiTokenPrincipal, ApiTokenEntity, apiTokenView } from './api-token.entity';
import type { CreateApiTokenInput } from './identity.dto';
import { newSecret, sha256 } from './password-hasher';
import type { Principal } from './principal';

/** Bearer tokens of machine clients start with this prefix, so the guard never mistakes them for JWTs. */
export const API_TOKEN_PREFIX = 'rvt';

@Injectable()
export class ApiTokensService {
  constructor(@InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>) {}

  /** Creates a token; the secret is returned this once and only its hash is kept. */
  async create(input: CreateApiTokenInput, createdBy: string | undefined) {
    const secret = newSecret(API_TOKEN_PREFIX);
    const entity = this.tokens.create({
      name: input.name,
      tokenHash: sha256(secret),
      role: input.role,
      province: input.province,
      level: input.level ?? null,
      district: input.district ?? null,
      rivers: input.rivers?.length ? input.rivers : null,
      createdBy: createdBy && !createdBy.startsWith('token:') ? createdBy : null,
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null,
      revokedAt: null,
    });
    try {
      const saved = await this.tokens.save(entity);
      return { ...apiTokenView(saved), token: secret };
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw conflict('api_token_name_taken', `an active API token named ${input.name} exists`);
      throw error;
    }
  }

  async list() {
    const rows = await this.tokens.find({ order: { createdAt: 'DESC' } });
    return { items: rows.map(apiTokenView), nextCursor: null };
  }

  async revoke(id: string): Promise<void> {
    const result = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() })
      : { affected: 0 };
    if (!result.affected) throw notFound('api_token', id);
  }

  /** The principal of a live token, or undefined. */
  async authenticate(secret: string): Promise<Principal | undefined> {
    const token = await this.tokens
      .createQueryBuilder('t')
      .where('t.token_hash = :hash', { hash: sha256(secret) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > now())')
      .getOne();
    return token ? apiTokenPrincipal(token) : undefined;
  }
}
