import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { DomainError, ErrorKind } from '../errors/domain-error';
import type { Principal, Role } from './principal';

/** The authenticated principal of this request (401 when there is none). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const user = context.switchToHttp().getRequest<{ user?: Principal }>().user;
  if (!user)
    throw new DomainError(ErrorKind.Unauthenticated, 'unauthenticated', 'a bearer token is required');
  return user;
});

/** Restricts a route to some roles; enforced by the global guard of the identity module. */
export const ROLES_KEY = 'river:roles';
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
