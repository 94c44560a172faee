import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { buildOpenApiDocument, startSystem } from './start-system';

/**
 * The OpenAPI document is committed (docs/openapi.json) so API changes show in review. This test fails
 * when the document is stale; `npm run openapi` rewrites it.
 */
const DOCUMENT = join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

describe('committed OpenAPI document', () => {
  it('matches what the running system serves', async () => {
    const sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('openapi'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: mkdtempSync(join(tmpdir(), 'river-openapi-')),
      },
    });
    try {
      const generated = JSON.stringify(buildOpenApiDocument(sys.app), null, 2) + '\n';
      if (process.env.UPDATE_OPENAPI === '1') writeFileSync(DOCUMENT, generated);
      const committed = readFileSync(DOCUMENT, 'utf8');
      expect(JSON.parse(committed)).toEqual(JSON.parse(generated));
      const served = await fetch(`http://127.0.0.1:${sys.httpPort}/api/docs/openapi.json`);
      expect(served.status).toBe(200);
      expect(Object.keys(((await served.json()) as { paths: object }).paths)).toEqual(
        Object.keys(JSON.parse(generated).paths),
      );
    } finally {
      await sys.close();
    }
  });
});
