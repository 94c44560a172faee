import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_PASSWORD, startDemoSystem } from './demo-system';

/**
 * Developer aid: the demo system on a fresh database of a PostgreSQL server, kept running.
 *   ADMIN_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres HTTP_PORT=3917 \
 *     node -r @swc-node/register test/browser/support/run-demo.ts
 */
async function main(): Promise<void> {
  const admin = process.env.ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `river_demo_${Date.now()}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const demo = await startDemoSystem({
    DATABASE_URL: url.toString(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'river-demo-')),
    HTTP_PORT: process.env.HTTP_PORT ?? '3917',
    ...(process.env.CONSOLE_DIR ? { CONSOLE_DIR: process.env.CONSOLE_DIR } : {}),
  });
  console.log(`demo system at ${demo.base} (password ${DEMO_PASSWORD}), campaign ${demo.campaignId}`);
}

void main();
