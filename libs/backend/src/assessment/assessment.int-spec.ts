import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { MAX_BATCH_ASSESSMENTS } from './assessment.dto';

/** The public calculator over real HTTP, on the system `npm start` runs (API role: no broker needed). */
describe('POST /api/v1/assessments', () => {
  let sys: RunningSystem;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'river-assessment-'));
    sys = await startSystem({
      role: 'api',
      env: {
        DATABASE_URL: await createTestDatabase('assessment'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
    base = `http://127.0.0.1:${sys.httpPort}/api/v1/assessments`;
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('grades a river sample without a token and explains it', async () => {
    const response = await post('', {
      waterBody: 'river',
      values: { ph: 7.6, do: 4, nh3n: 1.8, tp: 0.3, codmn: 5, temp: 14 },
      targetClass: 3,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      classes: { ph: 1, do: 4, nh3n: 5, tp: 4, codmn: 3 },
      overall: 5,
      exceedance: { nh3n: 0.8, tp: 0.5 },
      primary: ['nh3n', 'tp', 'do'],
      status: '中度污染',
      compliant: false,
      notGraded: ['temp'],
    });
    expect(body.absent).toContain('cod');
    expect(body.explanation).toContainEqual(
      expect.objectContaining({ item: 'nh3n', value: 1.8, limit: 2, limitClass: 5, class: 5, met: true }),
    );
  });

  it('uses the lake limits', async () => {
    const body = await (
      await post('', { waterBody: 'lake', values: { tp: 0.05, tn: 0.4 }, targetClass: 3 })
    ).json();
    expect(body).toMatchObject({
      classes: { tp: 3, tn: 2 },
      overall: 3,
      status: '良好',
      compliant: true,
      primary: [],
    });
  });

  it('grades a batch in request order', async () => {
    const response = await post('/batch', [
      { waterBody: 'river', values: { nh3n: 0.1 } },
      { waterBody: 'river', values: { nh3n: 3 }, targetClass: 2 },
    ]);
    expect(response.status).toBe(200);
    const { items } = await response.json();
    expect(items.map((i: { overall: number }) => i.overall)).toEqual([1, 6]);
    expect(items[1]).toMatchObject({ compliant: false, exceedance: { nh3n: 2 }, primary: ['nh3n'] });
  });

  it.each([
    [{ waterBody: 'river', values: { nh3n: -0.2 } }, 'values.nh3n', 'negative'],
    [{ waterBody: 'river', values: { nh4: 1 } }, 'values.nh4', 'known: temp, ph, do'],
    [{ waterBody: 'river', values: { ph: 'seven' } }, 'values.ph', 'finite number'],
    [{ waterBody: 'sea', values: { ph: 7 } }, 'waterBody', 'river'],
    [{ waterBody: 'river', values: { ph: 7 }, targetClass: 6 }, 'targetClass', '1..5'],
    [{ waterBody: 'river', values: {} }, 'values', 'at least one'],
  ])('answers %j with a problem naming %s', async (body, field, message) => {
    const response = await post('', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.errors).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it('names the index of every bad sample in a batch', async () => {
    const response = await post('/batch', [
      { waterBody: 'river', values: { nh3n: 0.1 } },
      { waterBody: 'river', values: { tp: -1 } },
      { waterBody: 'lake', values: { xyz: 1 } },
    ]);
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.errors.map((e: { field: string }) => e.field)).toEqual(['1.values.tp', '2.values.xyz']);
  });

  it('accepts the largest batch and refuses one more sample', async () => {
    const sample = {
      waterBody: 'river',
      values: { ph: 7.62, do: 8.21, nh3n: 0.321, tp: 0.082, codmn: 3.42, temp: 12.3 },
    };
    const full = await post(
      '/batch',
      Array.from({ length: MAX_BATCH_ASSESSMENTS }, () => sample),
    );
    expect(full.status).toBe(200);
    expect((await full.json()).items).toHaveLength(MAX_BATCH_ASSESSMENTS);
    const tooMany = await post(
      '/batch',
      Array.from({ length: MAX_BATCH_ASSESSMENTS + 1 }, () => sample),
    );
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).errors[0].message).toContain(`at most ${MAX_BATCH_ASSESSMENTS}`);
  });

  it('rejects a batch that is not an array', async () => {
    const response = await post('/batch', { waterBody: 'river', values: { ph: 7 } });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].field).toBe('body');
  });

  it('is documented in OpenAPI', async () => {
    const document = await (await fetch(`http://127.0.0.1:${sys.httpPort}/api/docs/openapi.json`)).json();
    expect(document.paths['/api/v1/assessments'].post).toBeDefined();
    expect(document.paths['/api/v1/assessments/batch'].post).toBeDefined();
  });
});
