#!/usr/bin/env node
/**
 * seed:demo — creates the demo users of both provinces (river chiefs of CQ/SC and 梁平区/开江县,
 * inspectors, officers, a viewer, an operator) and prints their credentials once.
 *
 *   npm run seed:demo [-- --reset-passwords]
 *
 * Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (shared with a running server). Idempotent: users
 * that exist are left alone unless --reset-passwords is given.
 */
import 'reflect-metadata';
import { loadConfig } from '@river/backend/config/app-config';
import { credentialsTable } from '@river/backend/identity/seed/demo-users';
import { seedDemoDatabase } from '@river/backend/identity/seed/seed-database';

async function main(): Promise<void> {
  const resetPasswords = process.argv.includes('--reset-passwords');
  const rows = await seedDemoDatabase(loadConfig(process.env), { resetPasswords });
  process.stdout.write(`${credentialsTable(rows)}\n`);
  if (rows.some((r) => r.password))
    process.stdout.write(
      '\nPasswords are shown once; store them now. Demo data only — do not use in production.\n',
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
