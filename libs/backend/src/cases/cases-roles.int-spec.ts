import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRADED_SAMPLE_SINK, type GradedSampleSink } from '@river/contracts';
import request from 'supertest';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { loginAs } from '../identity/testing/login-as';
import { gradedNh3n } from './testing/graded';

/** Split roles: the ingest process holds the sink and serves no case routes; the api process serves them. */
describe('cases in split api / ingest processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'river-roles-'));
  let api: RunningSystem;
  let ingest: RunningSystem;

  beforeAll(async () => {
    const DATABASE_URL = await createTestDatabase('case_roles');
    const env = { DATABASE_URL, HTTP_PORT: '0', MQTT_PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir };
    ingest = await startSystem({ role: 'ingest', env });
    api = await startSystem({ role: 'api', env });
  });

  afterAll(async () => {
    await api?.close();
    await ingest?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a case opened by the ingest process is served by the api process only', async () => {
    const sink = ingest.app.get<GradedSampleSink>(GRADED_SAMPLE_SINK, { strict: false });
    const now = Date.now();
    await sink.handle(
      [
        gradedNh3n('CQ-LMQ', new Date(now - 8 * 3_600_000), 1.9),
        gradedNh3n('CQ-LMQ', new Date(now - 4 * 3_600_000), 1.9),
      ],
      { source: 'live' },
    );
    const { token } = await loginAs(api, 'operator');
    const list = await request(api.app.getHttpServer())
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ station: 'CQ-LMQ', joint: true, state: 'open' }),
    ]);
    await request(ingest.app.getHttpServer()).get('/api/v1/cases').expect(404);
    await request(ingest.app.getHttpServer()).get('/api/v1/webhooks').expect(404);
  });
});
