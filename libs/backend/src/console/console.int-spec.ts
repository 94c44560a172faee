import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';

/** The system serves the built console at / without shadowing the API (a stand-in build in CONSOLE_DIR). */
describe('web console served at /', () => {
  let sys: RunningSystem;
  let base: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-console-'));
  const consoleDir = join(dataDir, 'console');

  beforeAll(async () => {
    mkdirSync(join(consoleDir, 'assets'), { recursive: true });
    writeFileSync(
      join(consoleDir, 'index.html'),
      '<!doctype html><div id="root"></div><script src="/assets/app.js"></script>',
    );
    writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log("app")');
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('console'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        CONSOLE_DIR: consoleDir,
      },
    });
    base = `http://127.0.0.1:${sys.httpPort}`;
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET / returns the app root', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
  });

  it('serves assets and falls back to index.html for client-side routes', async () => {
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const route = await fetch(`${base}/cases/some-id`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
  });

  it('leaves the API, health and docs alone', async () => {
    const unknown = await fetch(`${base}/api/v1/unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const health = await fetch(`${base}/health`);
    expect(health.headers.get('content-type')).toMatch(/json/);
    const stations = await fetch(`${base}/api/v1/stations?limit=1`);
    expect(stations.status).toBe(200);
    expect(((await stations.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('does not answer non-GET requests with the page', async () => {
    const res = await fetch(`${base}/somewhere`, { method: 'POST' });
    expect(res.status).toBe(404);
  });
});
