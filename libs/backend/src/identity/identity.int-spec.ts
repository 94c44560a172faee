import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { AuditRecordView, AuditService } from '../audit/audit.service';
import {
  IP_MAX_FAILURES,
  ipKey,
  LoginLockedError,
  LoginThrottleService,
  USER_MAX_FAILURES,
  userKey,
} from './login-throttle.service';
import { canActOnCase, canActOnProblem, canSeeCase, CaseScope, ProblemScope } from './policy';
import { AuthGuard } from './auth.guard';
import { loginAs } from './testing/login-as';

const OPERATOR = { username: 'first-operator', password: 'a long enough passphrase 1' };

async function start(label: string, extra: Record<string, string>, dataDir: string): Promise<RunningSystem> {
  return startSystem({
    role: 'api',
    env: {
      DATABASE_URL: extra.DATABASE_URL ?? (await createTestDatabase(label)),
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      ...extra,
    },
  });
}

interface Change {
  method: string;
  path: string;
  status: number;
  requestId: string;
}

function client(sys: RunningSystem, changes: Change[] = []) {
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
    if (method !== 'GET')
      changes.push({
        method,
        path,
        status: response.status,
        requestId: response.headers.get('x-request-id') ?? '',
      });
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

describe('identity over real HTTP', () => {
  let sys: RunningSystem;
  let call: ReturnType<typeof client>;
  let dataDir: string;
  const changes: Change[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-identity-'));
    sys = await start(
      'identity',
      { BOOTSTRAP_OPERATOR_USER: OPERATOR.username, BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password },
      dataDir,
    );
    call = client(sys, changes);
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

  it('allows and refuses one action per role (HTTP guard and resource policy)', async () => {
    const { accessToken: operatorToken } = await operatorLogin();
    const chief = await loginAs(sys, 'river_chief', { level: 'district', district: '梁平区' });
    const inspector = await loginAs(sys, 'inspector', { province: 'SC' });
    const officer = await loginAs(sys, 'officer', { province: 'SC', district: '开江县' });
    const viewer = await loginAs(sys, 'viewer', { province: 'SC' });
    const lianmengqiao: CaseScope = {
      province: 'CQ',
      district: '梁平区',
      river: '新盛河',
      joint: true,
      provinces: ['CQ', 'SC'],
    };
    const kaijiangProblem: ProblemScope = {
      province: 'SC',
      district: '开江县',
      campaignProvinces: ['CQ', 'SC'],
      campaignInspectorIds: [inspector.principal.userId],
    };

    // operator: administers users; cannot bootstrap a second "first" operator
    expect((await call('GET', '/api/v1/users?role=viewer', { token: operatorToken })).status).toBe(200);
    const again = await call('POST', '/api/v1/auth/bootstrap', {
      body: { token: 'rvb_guess', username: 'second-op', password: 'another long passphrase' },
    });
    expect(again.status).toBe(409);

    // river chief: reads who they are, acts on the joint case of their district; no audit trail access
    expect((await call('GET', '/api/v1/auth/me', { token: chief.token })).body).toMatchObject({
      role: 'river_chief',
      level: 'district',
      district: '梁平区',
    });
    expect(canActOnCase(chief.principal, lianmengqiao).allowed).toBe(true);
    expect(canActOnCase(chief.principal, { ...lianmengqiao, district: '江北区', joint: false }).allowed).toBe(
      false,
    );
    expect((await call('GET', '/api/v1/audit', { token: chief.token })).status).toBe(403);

    // inspector: verifies in their campaign; cannot create users
    expect(canActOnProblem(inspector.principal, kaijiangProblem, 'verify').allowed).toBe(true);
    const inspectorCreates = await call('POST', '/api/v1/users', {
      token: inspector.token,
      body: { username: 'sneaky', password: 'sneaky password 1', role: 'operator', province: 'SC' },
    });
    expect(inspectorCreates.status).toBe(403);

    // officer: plans rectification in 开江县; cannot mint API tokens
    expect(canActOnProblem(officer.principal, kaijiangProblem, 'plan').allowed).toBe(true);
    expect(canActOnProblem(officer.principal, kaijiangProblem, 'close').allowed).toBe(false);
    const officerToken = await call('POST', '/api/v1/auth/tokens', {
      token: officer.token,
      body: { name: 'mine', role: 'operator', province: 'SC' },
    });
    expect(officerToken.status).toBe(403);

    // viewer: sees the joint case from the Sichuan side; cannot change a user; can log out
    expect(canSeeCase(viewer.principal, lianmengqiao).allowed).toBe(true);
    expect(canActOnCase(viewer.principal, lianmengqiao).allowed).toBe(false);
    const viewerPatch = await call('PATCH', `/api/v1/users/${viewer.principal.userId}`, {
      token: viewer.token,
      body: { role: 'operator' },
    });
    expect(viewerPatch.status).toBe(403);
    expect(viewerPatch.body.detail).toContain('viewer');
    expect((await call('POST', '/api/v1/auth/logout', { token: viewer.token, body: {} })).status).toBe(204);
  });

  it('validates users with field errors and disables them at once', async () => {
    const { accessToken } = await operatorLogin();
    const invalid = await call('POST', '/api/v1/users', {
      token: accessToken,
      body: {
        username: 'chief-without-level',
        password: 'chief password 1',
        role: 'river_chief',
        province: 'CQ',
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'level' })]);

    const victim = await loginAs(sys, 'viewer');
    expect((await call('GET', '/api/v1/auth/me', { token: victim.token })).status).toBe(200);
    const disabled = await call('PATCH', `/api/v1/users/${victim.principal.userId}`, {
      token: accessToken,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await call('GET', '/api/v1/auth/me', { token: victim.token })).status).toBe(401);
    expect(
      (await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: victim.refreshToken } })).status,
    ).toBe(401);
    const login = await call('POST', '/api/v1/auth/login', {
      body: { username: victim.principal.username, password: victim.password },
    });
    expect(login.status).toBe(401);
  });

  it('keeps the last active operator from being disabled or demoted', async () => {
    const { accessToken } = await operatorLogin();
    const me = await call('GET', '/api/v1/auth/me', { token: accessToken });
    const demote = await call('PATCH', `/api/v1/users/${me.body.userId}`, {
      token: accessToken,
      body: { role: 'viewer' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.type).toMatch(/last_operator$/);
  });

  it('locks a client address out after 50 attempts, whatever the usernames', async () => {
    const throttle = sys.app.get(LoginThrottleService);
    const attempt = (user: string, address: string) =>
      throttle.begin([
        { key: userKey(user), max: USER_MAX_FAILURES },
        { key: ipKey(address), max: IP_MAX_FAILURES },
      ]);
    // 50 attempts for 50 different usernames from one address are counted; the 51st is refused
    for (let i = 0; i < IP_MAX_FAILURES; i += 1) await attempt(`guess-${i}`, '203.0.113.9');
    await expect(attempt('guess-next', '203.0.113.9')).rejects.toBeInstanceOf(LoginLockedError);
    await expect(attempt('guess-next', '203.0.113.10')).resolves.toBeUndefined();
  });

  it('counts parallel guesses before checking them, so a burst cannot slip past the lock', async () => {
    const target = await loginAs(sys, 'viewer');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        call('POST', '/api/v1/auth/login', {
          body: { username: target.principal.username, password: 'wrong guess' },
        }),
      ).map(async (response) => (await response).status),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(USER_MAX_FAILURES);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - USER_MAX_FAILURES);
  });

  it('rotates refresh tokens and revokes the family when an old one is reused', async () => {
    const first = await operatorLogin();
    const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const reuse = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.type).toMatch(/refresh_token_reused$/);
    // the thief's reuse also killed the legitimate, newer token of the same login
    const legit = await call('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(legit.status).toBe(401);
  });

  it('issues named API tokens usable as bearer, lists them without secrets, revokes them', async () => {
    const { accessToken } = await operatorLogin();
    const created = await call('POST', '/api/v1/auth/tokens', {
      token: accessToken,
      body: { name: 'ingestion-bridge', role: 'viewer', province: 'CQ' },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rvt_/);
    const me = await call('GET', '/api/v1/auth/me', { token: created.body.token });
    expect(me.body).toMatchObject({ role: 'viewer', machine: true, username: 'token:ingestion-bridge' });
    const list = await call('GET', '/api/v1/auth/tokens', { token: accessToken });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(
      (await call('DELETE', `/api/v1/auth/tokens/${created.body.id}`, { token: accessToken })).status,
    ).toBe(204);
    expect((await call('GET', '/api/v1/auth/me', { token: created.body.token })).status).toBe(401);
  });

  it('locks a username out after 5 failures, even for the right password, with a retry time', async () => {
    const target = await loginAs(sys, 'inspector');
    const attempt = (password: string) =>
      call('POST', '/api/v1/auth/login', { body: { username: target.principal.username, password } });
    for (let i = 0; i < 5; i += 1) expect((await attempt('wrong password')).status).toBe(401);
    const locked = await attempt(target.password);
    expect(locked.status).toBe(429);
    expect(locked.body.type).toMatch(/login_locked$/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // the lock is a row in PostgreSQL, so every process sharing the database honours it
    const rows: Array<{ locked: boolean }> = await sys.app
      .get(DataSource)
      .query('SELECT locked_until > now() AS locked FROM login_throttle WHERE key = $1', [
        `user:${target.principal.username.toLowerCase()}`,
      ]);
    expect(rows).toEqual([{ locked: true }]);
    // another user from the same address is not locked out by it
    expect((await operatorLogin()).accessToken).toBeTruthy();
  });

  it('records every change made in this file in the append-only audit trail', async () => {
    const { accessToken } = await operatorLogin();
    await sys.app.get(AuditService).flush();
    const recorded: AuditRecordView[] = [];
    let cursor: string | null = null;
    do {
      const page = await call('GET', `/api/v1/audit?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
        token: accessToken,
      });
      expect(page.status).toBe(200);
      recorded.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    await sys.app.get(AuditService).flush();
    const byRequest = new Map(recorded.map((r) => [r.requestId, r]));
    const missing = changes.filter(
      (c) => c !== changes.at(-1) && byRequest.get(c.requestId)?.status !== c.status,
    );
    expect(missing).toEqual([]);
    expect(changes.length).toBeGreaterThan(20);

    const patch = recorded.find((r) => r.action === 'PATCH /api/v1/users/:id' && r.status === 200);
    expect(patch).toMatchObject({ username: OPERATOR.username, role: 'operator', province: 'CQ' });
    expect(patch?.target).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const refused = recorded.find((r) => r.action === 'POST /api/v1/users' && r.status === 403);
    expect(refused?.role).toBe('inspector');
    expect(refused?.target).toEqual({});
    const failedLogin = recorded.find((r) => r.action === 'POST /api/v1/auth/login' && r.status === 401);
    expect(failedLogin).toMatchObject({ actorKind: 'anonymous' });

    const filtered = await call('GET', `/api/v1/audit?user=${OPERATOR.username}&action=PATCH`, {
      token: accessToken,
    });
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(
      filtered.body.items.every(
        (r: AuditRecordView) => r.action.startsWith('PATCH') && r.username === OPERATOR.username,
      ),
    ).toBe(true);
    const future = await call(
      'GET',
      `/api/v1/audit?from=${encodeURIComponent('2999-01-01T00:00:00+08:00')}`,
      {
        token: accessToken,
      },
    );
    expect(future.body.items).toEqual([]);

    await sys.app.get(AuditService).record({
      actor: { system: 'scheduler' },
      action: 'case.escalate',
      target: { caseId: 'c-1' },
    });
    const system = await call('GET', '/api/v1/audit?user=scheduler', { token: accessToken });
    expect(system.body.items).toEqual([
      expect.objectContaining({ actorKind: 'system', action: 'case.escalate', target: { caseId: 'c-1' } }),
    ]);

    await expect(sys.app.get(DataSource).query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(sys.app.get(DataSource).query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('first start without bootstrap variables, two processes, 1-second tokens', () => {
  let first: RunningSystem;
  let second: RunningSystem;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-identity-boot-'));
  const warnings: string[] = [];

  beforeAll(async () => {
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (message: unknown) {
      warnings.push(String(message));
    });
    const databaseUrl = await createTestDatabase('identity_boot');
    const env = { DATABASE_URL: databaseUrl, JWT_TTL_SECONDS: '1' };
    [first, second] = await Promise.all([
      start('identity_boot', env, dataDir),
      start('identity_boot', env, dataDir),
    ]);
    spy.mockRestore();
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints exactly one one-time token, exchangeable once, and both processes share the signing key', async () => {
    const tokens = warnings.flatMap((w) => /(rvb_[\w-]+)/.exec(w)?.[1] ?? []);
    expect(tokens).toHaveLength(1);
    const callFirst = client(first);
    const callSecond = client(second);
    const body = { token: tokens[0], username: 'root-operator', password: 'first operator passphrase' };
    expect(
      (await callFirst('POST', '/api/v1/auth/bootstrap', { body: { ...body, token: 'rvb_wrong' } })).status,
    ).toBe(401);
    const exchanged = await callSecond('POST', '/api/v1/auth/bootstrap', { body });
    expect(exchanged.status).toBe(201);
    expect(exchanged.body).toMatchObject({ role: 'operator', username: 'root-operator' });
    expect((await callFirst('POST', '/api/v1/auth/bootstrap', { body })).status).toBe(409);

    const login = await callFirst('POST', '/api/v1/auth/login', {
      body: { username: body.username, password: body.password },
    });
    expect(login.body.expiresIn).toBe(1);
    expect((await callSecond('GET', '/api/v1/auth/me', { token: login.body.accessToken })).status).toBe(200);
  });

  it('refuses an access token past its expiry', async () => {
    const { token } = await loginAs(first, 'viewer');
    const callFirst = client(first);
    expect((await callFirst('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await callFirst('GET', '/api/v1/auth/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.type).toMatch(/token_expired$/);
  });
});

describe('ingest-only process', () => {
  it('runs the guard without locking /health away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'river-identity-ingest-'));
    const sys = await startSystem({
      role: 'ingest',
      env: {
        DATABASE_URL: await createTestDatabase('identity_ingest'),
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        MQTT_PORT: '0',
        MQTT_HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    try {
      const call = client(sys);
      expect((await call('GET', '/health')).status).toBe(200);
      expect((await call('GET', '/api/v1/auth/me')).status).toBe(404); // the API's routes are not served here
      expect(sys.app.get(AuthGuard, { strict: false })).toBeInstanceOf(AuthGuard);
    } finally {
      await sys.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
