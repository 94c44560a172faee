import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../identity/principal';
import { AuditService } from './audit.service';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Set by a controller on an unauthenticated request (e.g. login) to name who tried. */
export const AUDIT_SUBJECT = 'auditSubject';

type AuditedRequest = Request & {
  user?: Principal;
  id?: unknown;
  route?: { path?: unknown };
  [AUDIT_SUBJECT]?: { username?: string };
};

/**
 * Records every state-changing request when its response is finished, so refusals (401/403 from the
 * guard, 4xx from validation) and failures (5xx) are recorded as well as successes — an interceptor
 * alone would miss what the guard refuses. By then Express has matched the route, so the action is the
 * route pattern (`PATCH /api/v1/users/:id`) and the target its params; the guard has set `request.user`.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(private readonly audit: AuditService) {}

  use(request: AuditedRequest, response: Response, next: NextFunction): void {
    if (STATE_CHANGING.has(request.method)) {
      response.once('finish', () => {
        const pattern = typeof request.route?.path === 'string' ? request.route.path : undefined;
        const requestId = request.id ?? response.getHeader('x-request-id');
        this.audit.recordInBackground({
          actor: request.user ?? { anonymous: request[AUDIT_SUBJECT]?.username },
          action: `${request.method} ${pattern ?? request.originalUrl.split('?')[0].slice(0, 200)}`,
          target: pattern ? { ...request.params } : {},
          status: response.statusCode,
          requestId: requestId === undefined ? undefined : String(requestId),
          ...(pattern ? {} : { detail: { unmatchedRoute: true } }),
        });
      });
    }
    next();
  }
}
