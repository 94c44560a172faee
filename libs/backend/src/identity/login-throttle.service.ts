import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorKind } from '../errors/domain-error';

/**
 * Failed-login counting per username and per client IP, in PostgreSQL so that a lockout holds across
 * processes. A username is locked after 5 failures within 15 minutes; an IP (possibly an office NAT
 * shared by many staff) after 50. Either lock lasts 15 minutes and refuses even the right password.
 */
export const USER_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 50;
export const WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

export class LoginLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      ErrorKind.TooManyRequests,
      'login_locked',
      `too many failed logins; try again in ${retryAfterSeconds} seconds`,
    );
  }
}

export const userKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /** Throws LoginLockedError when any of the keys is locked now. */
  async assertNotLocked(keys: string[]): Promise<void> {
    const rows: Array<{ retry: number | null }> = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS retry
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    const retry = rows[0]?.retry;
    if (retry !== null && retry !== undefined) throw new LoginLockedError(Math.max(1, retry));
  }

  /** Counts one failure for each key atomically (one upsert), locking the keys that reach their limit. */
  async recordFailure(keys: Array<{ key: string; max: number }>): Promise<void> {
    for (const { key, max } of keys) {
      await this.dataSource.query(
        `INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_start < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
           window_start = CASE WHEN t.window_start < now() - make_interval(secs => $2) THEN now() ELSE t.window_start END,
           locked_until = CASE
             WHEN t.window_start >= now() - make_interval(secs => $2) AND t.failures + 1 >= $3
             THEN now() + make_interval(secs => $4) ELSE t.locked_until END`,
        [key, WINDOW_SECONDS, max, LOCK_SECONDS],
      );
    }
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }
}
