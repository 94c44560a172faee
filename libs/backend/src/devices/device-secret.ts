import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Device secrets: 32 random bytes (base64url) shown once, stored as `scrypt$N$r$p$salt$hash`.
 * N = 2^14 (16 MiB): devices reconnect in bursts after an outage and verified credentials are cached
 * briefly (DeviceService), so the hash is computed about once per device per cache period.
 */
const PARAMS = { N: 2 ** 14, r: 8, p: 1 };
const KEY_LENGTH = 32;

export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

function derive(secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Constant-time comparison of the derived key; a malformed stored hash never matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const expected = Buffer.from(parts[5], 'base64url');
  if (!N || !r || !p || expected.length !== KEY_LENGTH || secret.length > 1024) return false;
  const actual = await derive(secret, Buffer.from(parts[4], 'base64url'), N, r, p);
  return timingSafeEqual(actual, expected);
}
