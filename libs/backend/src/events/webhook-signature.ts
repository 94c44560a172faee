import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-River-Signature: sha256=<hex HMAC-SHA256 of the raw body with the webhook's secret>` (GitHub style). */
export const SIGNATURE_HEADER = 'x-river-signature';

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): constant-time comparison. */
export function verifySignature(secret: string, body: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Delay before attempt n+1 after n failed attempts: 5 s, 10 s, 20 s … capped at 1 h. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(5000 * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);
}

/** After this many failed attempts a delivery is marked failed and no longer retried. */
export const MAX_DELIVERY_ATTEMPTS = 12;
