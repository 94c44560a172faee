import { Injectable } from '@nestjs/common';
import { DomainError, ErrorKind } from '../errors/domain-error';
import { AccessTokenService } from './access-token.service';
import {
  IP_MAX_FAILURES,
  ipKey,
  LoginThrottleService,
  USER_MAX_FAILURES,
  userKey,
} from './login-throttle.service';
import { dummyPasswordHash, verifyPassword } from './password-hasher';
import { RefreshTokensService } from './refresh-tokens.service';
import { UsersService } from './users.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** seconds until the access token expires */
  expiresIn: number;
}

const badCredentials = () =>
  new DomainError(ErrorKind.Unauthenticated, 'invalid_credentials', 'the username or password is wrong');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokenService,
    private readonly refreshTokens: RefreshTokensService,
    private readonly throttle: LoginThrottleService,
  ) {}

  /**
   * Password login. The attempt is counted first and locked keys are refused before the password is
   * even checked (see LoginThrottleService); unknown users cost a
   * full scrypt too, and every failure says the same thing, so nothing tells which usernames exist.
   */
  async login(username: string, password: string, ip: string): Promise<TokenPair> {
    const [user_, ip_] = [userKey(username), ipKey(ip)];
    await this.throttle.begin([
      { key: user_, max: USER_MAX_FAILURES },
      { key: ip_, max: IP_MAX_FAILURES },
    ]);
    const user = await this.users.findForLogin(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.disabled) throw badCredentials();
    await this.throttle.succeeded(user_, ip_);
    return this.issue(user.id);
  }

  async issue(userId: string): Promise<TokenPair> {
    return {
      accessToken: this.accessTokens.sign(userId),
      refreshToken: await this.refreshTokens.issue(userId),
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    const user = await this.users.findActive(rotated.userId);
    if (!user) {
      await this.refreshTokens.revoke(rotated.userId);
      throw new DomainError(ErrorKind.Unauthenticated, 'account_disabled', 'this account is disabled');
    }
    return {
      accessToken: this.accessTokens.sign(user.id),
      refreshToken: rotated.refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  logout(userId: string, refreshToken?: string): Promise<void> {
    return this.refreshTokens.revoke(userId, refreshToken);
  }
}
