import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * EventSource cannot send an Authorization header, so for the SSE route only a `?access_token=` is
 * moved into the header before the identity guard runs. Authentication itself stays the guard's job.
 */
export function accessTokenFromQuery(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  if (!req.headers.authorization && req.url) {
    const token = new URL(req.url, 'http://local').searchParams.get('access_token');
    if (token) req.headers.authorization = `Bearer ${token}`;
  }
  next();
}
