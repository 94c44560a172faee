import { loadConfig } from '../../config/app-config';
import { createTestDatabase } from '../../../../../test/setup/test-database';
import { verifyPassword } from '../password-hasher';
import { credentialsTable, DEMO_USERS } from './demo-users';
import { seedDemoDatabase } from './seed-database';
import { DataSource } from 'typeorm';

describe('seed:demo', () => {
  it('creates every demo user once, with working random passwords, and is idempotent', async () => {
    const url = await createTestDatabase('seed_demo');
    const config = loadConfig({ DATABASE_URL: url });
    const first = await seedDemoDatabase(config);
    expect(first.map((r) => r.status)).toEqual(DEMO_USERS.map(() => 'created'));
    expect(new Set(first.map((r) => r.password)).size).toBe(DEMO_USERS.length);
    expect(credentialsTable(first)).toContain('梁平区');

    const second = await seedDemoDatabase(config);
    expect(second.every((r) => r.status === 'unchanged' && r.password === undefined)).toBe(true);

    const db = new DataSource({ type: 'postgres', url });
    await db.initialize();
    try {
      const rows: Array<{ username: string; password_hash: string; role: string; district: string | null }> =
        await db.query('SELECT username, password_hash, role, district FROM app_user ORDER BY username');
      expect(rows).toHaveLength(DEMO_USERS.length);
      const kaijiang = rows.find((r) => r.username === 'kaijiang-officer')!;
      expect(kaijiang).toMatchObject({ role: 'officer', district: '开江县' });
      const password = first.find((r) => r.username === 'kaijiang-officer')!.password!;
      expect(await verifyPassword(password, kaijiang.password_hash)).toBe(true);
    } finally {
      await db.destroy();
    }

    const reset = await seedDemoDatabase(config, { resetPasswords: true });
    expect(reset.every((r) => r.status === 'password reset' && r.password)).toBe(true);
  });
});
