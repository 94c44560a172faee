import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Creates a fresh, empty database on the test server started by global-setup.cjs (embedded PostgreSQL,
 * or the server named by DATABASE_URL) and returns its URL. Migrations are the caller's business: the
 * application runs them at start, exactly as in production.
 */
export async function createTestDatabase(label = 'test'): Promise<string> {
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl)
    throw new Error('TEST_ADMIN_DATABASE_URL is not set: run this suite through jest (global-setup)');
  const name = `river_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
