import { DataSource } from 'typeorm';
import { migrations } from './migrations';

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several processes (API and ingestion,
 * or two ingestion replicas) starting together never race each other (as immich's database.service).
 */
const MIGRATION_LOCK_ID = 0x52495652; // "RIVR"

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations, migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await dataSource.destroy();
  }
}
