import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError, ErrorKind, forbidden } from '../errors/domain-error';
import { IS_PUBLIC } from '../http/public.decorator';
import { AccessTokenService } from './access-token.service';
import { API_TOKEN_PREFIX, ApiTokensService } from './api-tokens.service';
import { ROLES_KEY } from './current-user.decorator';
import type { Principal, Role } from './principal';
import { principalOf } from './user.entity';
import { UsersService } from './users.service';

export type AuthenticatedRequest = Request & { user?: Principal };

const unauthenticated = (code: string, message: string) =>
  new DomainError(ErrorKind.Unauthenticated, code, message);

/**
 * The one place where HTTP requests are authenticated and roles enforced (APP_GUARD). Every route
 * needs a bearer token except the `@Public()` ones (SPEC §10); `@Roles(...)` lists exactly the roles
 * allowed (operators are not implicitly allowed). Resource-level decisions (which case, which problem)
 * belong to `policy.ts`, called by the feature services.
 *
 * The user is re-read on every request (a primary-key hit), so disabling a user or changing their
 * jurisdiction takes effect at once, not when their access token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly apiTokens: ApiTokensService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const token = bearerOf(request);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // a public route still knows who called it when a valid token came along (for the audit trail)
      if (token) request.user = await this.authenticate(token).catch(() => undefined);
      return true;
    }
    if (!token) throw unauthenticated('unauthenticated', 'a bearer token is required');
    const user = await this.authenticate(token);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(user.role))
      throw forbidden(`this action is for ${roles.join(' or ')}; you are signed in as ${user.role}`);
    return true;
  }

  async authenticate(token: string): Promise<Principal> {
    if (token.startsWith(`${API_TOKEN_PREFIX}_`)) {
      const principal = await this.apiTokens.authenticate(token);
      if (!principal) throw unauthenticated('invalid_token', 'the API token is not valid or was revoked');
      return principal;
    }
    const userId = this.accessTokens.verify(token);
    const user = await this.users.findActive(userId);
    if (!user) throw unauthenticated('account_disabled', 'this account is disabled or no longer exists');
    return principalOf(user);
  }
}

function bearerOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}
