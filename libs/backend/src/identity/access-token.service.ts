import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError, ErrorKind } from '../errors/domain-error';

const SECRET_SETTING = 'auth.jwt_secret';
const ISSUER = 'river';
const AUDIENCE = 'river-api';

/**
 * Short-lived signed access tokens (HS256 JWT). The key is JWT_SECRET when configured, otherwise one
 * generated at first start and kept in `system_setting`, so the API and ingestion processes share it.
 */
@Injectable()
export class AccessTokenService implements OnModuleInit {
  private readonly jwt = new JwtService();
  private secret = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret = this.config.auth.jwtSecret ?? (await this.sharedSecret());
  }

  get ttlSeconds(): number {
    return this.config.auth.accessTtlSeconds;
  }

  /** First writer wins (ON CONFLICT DO NOTHING), so processes starting together agree on one key. */
  private async sharedSecret(): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO system_setting (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`,
      [SECRET_SETTING, JSON.stringify(randomBytes(48).toString('base64url'))],
    );
    const rows: Array<{ value: string }> = await this.dataSource.query(
      'SELECT value FROM system_setting WHERE key = $1',
      [SECRET_SETTING],
    );
    return rows[0].value;
  }

  sign(userId: string): string {
    return this.jwt.sign(
      { typ: 'access' },
      {
        secret: this.secret,
        subject: userId,
        issuer: ISSUER,
        audience: AUDIENCE,
        expiresIn: this.ttlSeconds,
        algorithm: 'HS256',
      },
    );
  }

  /** The user id of a valid, unexpired access token; 401 otherwise. */
  verify(token: string): string {
    try {
      const payload = this.jwt.verify<{ sub?: string; typ?: string }>(token, {
        secret: this.secret,
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
      if (payload.typ === 'access' && typeof payload.sub === 'string') return payload.sub;
    } catch (error) {
      if (error instanceof Error && error.name === 'TokenExpiredError')
        throw new DomainError(
          ErrorKind.Unauthenticated,
          'token_expired',
          'the access token has expired; refresh it',
        );
    }
    throw new DomainError(ErrorKind.Unauthenticated, 'invalid_token', 'the bearer token is not valid');
  }
}
