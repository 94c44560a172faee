import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { conflict, DomainError, ErrorKind } from '../errors/domain-error';
import { newSecret, sha256 } from './password-hasher';
import type { Province } from './principal';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

const BOOTSTRAP_LOCK_ID = 0x52494f50; // "RIOP": serialises first-operator creation across processes
const TOKEN_SETTING = 'auth.bootstrap_token';
/** A token printed this recently by another process starting together is left alone, not replaced. */
const FRESH_TOKEN_SECONDS = 60;

/**
 * The first operator (SPEC §10): from BOOTSTRAP_OPERATOR_USER/PASSWORD when set, otherwise through a
 * one-time token printed to the log and exchanged at POST /api/v1/auth/bootstrap. There is never a
 * default password. All decisions run under one advisory transaction lock, so several processes
 * starting together create at most one operator.
 */
@Injectable()
export class BootstrapOperatorService implements OnApplicationBootstrap {
  private readonly logger = new Logger('identity');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureOperator();
  }

  private async locked<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
      return work(m);
    });
  }

  private async operatorExists(m: EntityManager): Promise<boolean> {
    const rows: Array<{ exists: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'operator') AS exists`,
    );
    return rows[0].exists;
  }

  async ensureOperator(): Promise<void> {
    const configured = this.config.bootstrapOperator;
    await this.locked(async (m) => {
      if (await this.operatorExists(m)) return;
      if (configured) {
        await this.users.create({ ...configured, role: 'operator', province: 'CQ' }, m);
        await m.query('DELETE FROM system_setting WHERE key = $1', [TOKEN_SETTING]);
        this.logger.log(`created the first operator ${configured.username} from BOOTSTRAP_OPERATOR_USER`);
        return;
      }
      const fresh: unknown[] = await m.query(
        `SELECT 1 FROM system_setting WHERE key = $1 AND updated_at > now() - make_interval(secs => $2)`,
        [TOKEN_SETTING, FRESH_TOKEN_SECONDS],
      );
      if (fresh.length) {
        this.logger.warn(
          'no operator exists; another process has just printed a bootstrap token — use that one',
        );
        return;
      }
      const token = newSecret('rvb');
      await m.query(
        `INSERT INTO system_setting (key, value, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [TOKEN_SETTING, JSON.stringify({ sha256: sha256(token) })],
      );
      this.logger.warn(
        `no operator exists: exchange this one-time bootstrap token at POST /api/v1/auth/bootstrap {"token","username","password"}: ${token}`,
      );
    });
  }

  /** Exchanges the one-time token for the first operator; the token is destroyed in the same transaction. */
  async exchange(input: {
    token: string;
    username: string;
    password: string;
    province: Province;
  }): Promise<UserEntity> {
    return this.locked(async (m) => {
      if (await this.operatorExists(m)) throw conflict('already_bootstrapped', 'an operator already exists');
      const rows: Array<{ value: { sha256?: string } }> = await m.query(
        'SELECT value FROM system_setting WHERE key = $1',
        [TOKEN_SETTING],
      );
      const expected = Buffer.from(rows[0]?.value.sha256 ?? '', 'hex');
      const given = Buffer.from(sha256(input.token), 'hex');
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        throw new DomainError(
          ErrorKind.Unauthenticated,
          'invalid_bootstrap_token',
          'the bootstrap token is not valid',
        );
      const { username, password, province } = input;
      const user = await this.users.create({ username, password, province, role: 'operator' }, m);
      await m.query('DELETE FROM system_setting WHERE key = $1', [TOKEN_SETTING]);
      return user;
    });
  }
}
