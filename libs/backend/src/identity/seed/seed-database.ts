import { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { startEmbeddedPostgres } from '../../database/embedded-postgres';
import { runMigrations } from '../../database/run-migrations';
import { UserEntity } from '../user.entity';
import { UsersService } from '../users.service';
import { seedDemoUsers } from './demo-users';

/**
 * Seeds the demo users into DATABASE_URL, or into the embedded PostgreSQL in DATA_DIR (the running
 * server's cluster when it is up, else started just for this). Runs pending migrations first, under
 * the same advisory lock the server uses.
 */
export async function seedDemoDatabase(config: AppConfig, options: { resetPasswords?: boolean } = {}) {
  const embedded = config.database.url ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.database.url ?? embedded!.url;
  try {
    await runMigrations(url);
    const dataSource = new DataSource({ type: 'postgres', url, entities: [UserEntity] });
    await dataSource.initialize();
    try {
      return await seedDemoUsers(new UsersService(dataSource.getRepository(UserEntity), dataSource), options);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}
