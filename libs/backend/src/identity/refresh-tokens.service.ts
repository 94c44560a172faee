import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorKind } from '../errors/domain-error';
import { newSecret, sha256 } from './password-hasher';

/** Refresh tokens live 14 days; each use rotates it within its family (one family per login). */
export const REFRESH_TTL_SECONDS = 14 * 24 * 3600;

const invalid = () =>
  new DomainError(ErrorKind.Unauthenticated, 'invalid_refresh_token', 'the refresh token is not valid');

/**
 * Rotation with reuse detection (OAuth 2.0 Security BCP §4.14): presenting a refresh token that was
 * already used means it was copied; the whole family is revoked, so both the thief and the owner must
 * log in again.
 */
@Injectable()
export class RefreshTokensService {
  constructor(private readonly dataSource: DataSource) {}

  async issue(userId: string, familyId: string = randomUUID()): Promise<string> {
    const token = newSecret('rvr');
    await this.dataSource.query(
      `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [userId, familyId, sha256(token), REFRESH_TTL_SECONDS],
    );
    return token;
  }

  /** Consumes a refresh token and returns its user id and a new token of the same family. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; user_id: string; family_id: string; live: boolean; reused: boolean }> =
        await m.query(
          `SELECT id, user_id, family_id,
                  (used_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS live,
                  (used_at IS NOT NULL OR revoked_at IS NOT NULL) AS reused
             FROM refresh_token WHERE token_hash = $1 FOR UPDATE`,
          [sha256(token)],
        );
      const row = rows[0];
      if (!row) return { kind: 'invalid' as const };
      if (row.reused) {
        await m.query(
          'UPDATE refresh_token SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
          [row.family_id],
        );
        return { kind: 'reused' as const };
      }
      if (!row.live) return { kind: 'invalid' as const };
      await m.query('UPDATE refresh_token SET used_at = now() WHERE id = $1', [row.id]);
      const next = newSecret('rvr');
      await m.query(
        `INSERT INTO refresh_token (user_id, family_id, token_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
        [row.user_id, row.family_id, sha256(next), REFRESH_TTL_SECONDS],
      );
      return { kind: 'ok' as const, userId: row.user_id, refreshToken: next };
    });
    if (outcome.kind === 'reused')
      throw new DomainError(
        ErrorKind.Unauthenticated,
        'refresh_token_reused',
        'this refresh token was already used; every session of this login has been revoked',
      );
    if (outcome.kind === 'invalid') throw invalid();
    return { userId: outcome.userId, refreshToken: outcome.refreshToken };
  }

  /** Revokes the family of one token (only if it belongs to the user), or every token of the user. */
  async revoke(userId: string, token?: string): Promise<void> {
    if (token) {
      await this.dataSource.query(
        `UPDATE refresh_token SET revoked_at = now()
          WHERE revoked_at IS NULL AND user_id = $1
            AND family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $2)`,
        [userId, sha256(token)],
      );
    } else {
      await this.dataSource.query(
        'UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      );
    }
  }
}
