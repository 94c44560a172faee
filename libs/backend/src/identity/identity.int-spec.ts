import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { loginAs } from './testing/login-as';

const OPERATOR = { username: 'first-operator', password: 'a long enough passphrase 1' };

async function start(label: string, extra: Record<string, string>, dataDir: string): Promise<RunningSystem> {
  return startSystem({
    role: 'api',
    env: {
      DATABASE_URL: await createTestDatabase(label),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ...extra,
    },
  });
}

function client(sys: RunningSystem) {
  const base = `http://127.0.0.1:${sys.httpPort}`;
  return async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(base + path, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

describe('identity over real HTTP', () => {
  let sys: RunningSystem;
  let call: ReturnType<typeof client>;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-identity-'));
    sys = await start(
      'identity',
      { BOOTSTRAP_OPERATOR_USER: OPERATOR.username, BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password },
      dataDir,
    );
    call = client(sys);
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const operatorLogin = async () => {
    const login = await call('POST', '/api/v1/auth/login', { body: OPERATOR });
    expect(login.status).toBe(200);
    return login.body as { accessToken: string; refreshToken: string; expiresIn: number };
  };

  it('leaves the public routes open and closes everything else', async () => {
    expect((await call('GET', '/health')).status).toBe(200);
    const me = await call('GET', '/api/v1/auth/me');
    expect(me.status).toBe(401);
    expect(me.body.type).toMatch(/unauthenticated$/);
    expect((await call('GET', '/api/v1/users', { token: 'not-a-token' })).status).toBe(401);
  });

  it('logs the bootstrap operator in and knows who it is', async () => {
    const tokens = await operatorLogin();
    expect(tokens.expiresIn).toBe(900);
    const me = await call('GET', '/api/v1/auth/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: OPERATOR.username, role: 'operator' });
  });

  it('lets an operator administer users and refuses a viewer with the reason', async () => {
    const { accessToken } = await operatorLogin();
    const created = await call('POST', '/api/v1/users', {
      token: accessToken,
      body: {
        username: 'kaijiang-officer',
        password: 'officer password 1',
        role: 'officer',
        province: 'SC',
        district: '开江县',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      role: 'officer',
      province: 'SC',
      district: '开江县',
      disabled: false,
    });
    expect(created.body.passwordHash).toBeUndefined();

    const viewer = await loginAs(sys, 'viewer');
    const refused = await call('GET', '/api/v1/users', { token: viewer.token });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('operator');
  });
});
