import { hashPassword, newSecret, sha256, verifyPassword } from './password-hasher';

/** Cheap parameters: the tests are about the format and the comparison, not the cost. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hasher', () => {
  it('stores algorithm, parameters and a per-user salt with the hash', async () => {
    const a = await hashPassword('梁平 river 2020', FAST);
    const b = await hashPassword('梁平 river 2020', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies the right password only, with the parameters read from the hash', async () => {
    const stored = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats the NFC and NFD spellings of a password as the same', async () => {
    const stored = await hashPassword('Caf\u00e9 河长', FAST);
    expect(await verifyPassword('Cafe\u0301 河长', stored)).toBe(true);
  });

  it('never matches a malformed stored hash', async () => {
    for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$abc$def', 'scrypt$1024$8$1$abc'])
      expect(await verifyPassword('anything', stored)).toBe(false);
  });

  it('makes opaque secrets with a prefix and hashes them for lookup', () => {
    const secret = newSecret('rvt');
    expect(secret).toMatch(/^rvt_[\w-]{43}$/);
    expect(sha256(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(newSecret('rvt')).not.toBe(secret);
  });
});
