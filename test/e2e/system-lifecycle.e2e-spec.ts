import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createServer, Server } from 'node:net';
import { createTestDatabase } from '../setup/test-database';
import { killSpawnedSystems, newDataDir, runToExit, spawnSystem } from '../support/spawned-system';

async function occupiedPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

describe('system lifecycle (built app, as `npm start` runs it)', () => {
  afterEach(killSpawnedSystems);

  it('starts on embedded defaults, answers /health within 20 s, stops cleanly and reuses its data', async () => {
    const dataDir = newDataDir();
    const credentials = {
      BOOTSTRAP_OPERATOR_USER: 'first-operator',
      BOOTSTRAP_OPERATOR_PASSWORD: 'a long enough passphrase 1',
    };
    const startedAt = Date.now();
    const first = await spawnSystem({ DATA_DIR: dataDir, ...credentials });
    const health = await fetch(`${first.baseUrl}/health`);
    expect(Date.now() - startedAt).toBeLessThan(20_000);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { info: Record<string, { status: string }> };
    expect(body.info.database.status).toBe('up');
    expect(body.info.broker.status).toBe('up');
    expect((await fetch(`${first.baseUrl}/api/docs`)).status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    // Second start on the same DATA_DIR, without the bootstrap variables: the operator created by the
    // first start can still log in, so the data really was kept.
    const second = await spawnSystem({ DATA_DIR: dataDir });
    const login = await fetch(`${second.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: credentials.BOOTSTRAP_OPERATOR_USER,
        password: credentials.BOOTSTRAP_OPERATOR_PASSWORD,
      }),
    });
    expect(login.status).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('starts again on the same DATA_DIR after being killed (SIGKILL), taking over the orphaned database', async () => {
    const dataDir = newDataDir();
    const first = await spawnSystem({ DATA_DIR: dataDir });
    first.process.kill('SIGKILL');
    await first.exited;
    const second = await spawnSystem({ DATA_DIR: dataDir });
    expect(second.output()).toContain('left running by an earlier process');
    expect((await fetch(`${second.baseUrl}/health`)).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });

  it('refuses an invalid variable with one line naming it and a non-zero exit', async () => {
    const result = await runToExit({ HTTP_PORT: 'not-a-port' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('HTTP_PORT');
  });

  it.each(['HTTP_PORT', 'MQTT_PORT'])(
    'refuses a %s already in use with one line naming it',
    async (variable) => {
      const { server, port } = await occupiedPort();
      try {
        const databaseUrl = await createTestDatabase('port_in_use');
        const result = await runToExit({
          DATABASE_URL: databaseUrl,
          DATA_DIR: newDataDir(),
          HTTP_PORT: '0',
          MQTT_PORT: '0',
          HTTP_HOST: '127.0.0.1',
          MQTT_HOST: '127.0.0.1',
          [variable]: String(port),
        });
        expect(result.code).toBe(1);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toContain(`${variable}: port ${port} is already in use`);
      } finally {
        server.close();
      }
    },
  );
});

describe('npm run seed:demo next to a running system (embedded PostgreSQL shared, not stopped)', () => {
  afterEach(killSpawnedSystems);

  it('creates the demo users whose printed credentials then log in', async () => {
    const dataDir = newDataDir();
    const system = await spawnSystem({ DATA_DIR: dataDir });
    const seeded = spawnSync(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'seed-demo.js')],
      {
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(seeded.status).toBe(0);
    const row = seeded.stdout.split('\n').find((line) => line.startsWith('liangping-chief'));
    expect(row).toBeDefined();
    const password = row!.trim().split(/\s{2,}/)[1];
    const login = await fetch(`${system.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'liangping-chief', password }),
    });
    expect(login.status).toBe(200);
    // the system's database survived the seeding process
    expect((await fetch(`${system.baseUrl}/health`)).status).toBe(200);
    expect(await system.stop()).toBe(0);
  });
});
