import { createHmac } from 'node:crypto';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, signBody, verifySignature } from './webhook-signature';

describe('webhook signature', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const body = JSON.stringify({ type: 'case.opened', station: '联盟桥' });

  it('is sha256=<hex HMAC-SHA256 of the raw UTF-8 body>', () => {
    expect(signBody(secret, body)).toBe(
      `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`,
    );
  });

  it('verifies only the same body with the same secret', () => {
    const header = signBody(secret, body);
    expect(verifySignature(secret, body, header)).toBe(true);
    expect(verifySignature(secret, `${body} `, header)).toBe(false);
    expect(verifySignature('another-secret-entirely', body, header)).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
    expect(verifySignature(secret, body, 'sha256=short')).toBe(false);
  });

  it('backs off exponentially from 5 s and caps at one hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5000, 10000, 20000, 40000]);
    expect(retryDelayMs(MAX_DELIVERY_ATTEMPTS + 20)).toBe(3_600_000);
  });
});
