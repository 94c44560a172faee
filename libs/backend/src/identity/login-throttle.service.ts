import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorKind } from '../errors/domain-error';

/**
 * Login attempts per username and per client IP, in PostgreSQL so that a lockout holds across
 * processes. A username gets 5 attempts that fail within 15 minutes; an IP (possibly an office NAT
 * shared by many staff) 50. The next attempt locks the key for 15 minutes, during which even the right
 * password is refused without being checked.
 *
 * An attempt is counted BEFORE its password is checked (one atomic upsert per key), and a success takes
 * it back. Counting afterwards would let a burst of parallel guesses all pass the "is it locked?" check
 * before the first failure is written.
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

export interface ThrottleKey {
  key: string;
  max: number;
}

@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one attempt for each key; throws LoginLockedError when a key is locked or this attempt is
   * one too many. While a key is locked, refused attempts neither count nor extend the lock.
   */
  async begin(keys: ThrottleKey[]): Promise<void> {
    let retry = 0;
    for (const { key, max } of keys) {
      const rows: Array<{ retry: number | null }> = await this.dataSource.query(
        `INSERT INTO login_throttle AS t (key, failures, window_start) VALUES ($1, 1, now())
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE
             WHEN t.locked_until > now() THEN t.failures
             WHEN t.window_start < now() - make_interval(secs => $2) THEN 1
             ELSE t.failures + 1 END,
           window_start = CASE
             WHEN t.locked_until > now() THEN t.window_start
             WHEN t.window_start < now() - make_interval(secs => $2) THEN now()
             ELSE t.window_start END,
           locked_until = CASE
             WHEN t.locked_until > now() THEN t.locked_until
             WHEN t.window_start >= now() - make_interval(secs => $2) AND t.failures + 1 > $3
               THEN now() + make_interval(secs => $4)
             ELSE t.locked_until END
         RETURNING CASE WHEN t.locked_until > now() THEN ceil(extract(epoch FROM t.locked_until - now()))::int END AS retry`,
        [key, WINDOW_SECONDS, max, LOCK_SECONDS],
      );
      retry = Math.max(retry, rows[0]?.retry ?? 0);
    }
    if (retry > 0) throw new LoginLockedError(retry);
  }

  /** A successful login clears its username's count and takes its attempt back from the IP's count. */
  async succeeded(user: string, ip: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttle WHERE key = $1', [user]);
    await this.dataSource.query(
      `UPDATE login_throttle SET failures = greatest(failures - 1, 0)
        WHERE key = $1 AND (locked_until IS NULL OR locked_until <= now())`,
      [ip],
    );
  }
}
