import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, timeout } from 'rxjs';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { RunningSystem, startSystem } from '../bootstrap/start-system';
import { EventsService } from './events.service';
import type { PlatformEvent } from './platform-event';

describe('events across processes (api and ingest started separately on one database)', () => {
  let api: RunningSystem;
  let ingest: RunningSystem;

  beforeAll(async () => {
    const env = {
      DATABASE_URL: await createTestDatabase('events_bridge'),
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'river-bridge-')),
    };
    ingest = await startSystem({ role: 'ingest', env });
    api = await startSystem({ role: 'api', env });
  });

  afterAll(async () => {
    await api?.close();
    await ingest?.close();
  });

  const event = (type: string): PlatformEvent => ({
    type,
    topic: 'platform/cases/CQ-LMQ',
    station: 'CQ-LMQ',
    province: ['CQ', 'SC'],
    river: '新盛河',
    payload: { caseId: '42', big: 'x'.repeat(100) },
    occurredAt: new Date('2026-11-23T08:00:00+08:00'),
  });

  it('delivers an event published by ingestion to the API process (its SSE stream), once', async () => {
    const received = firstValueFrom(
      api.app.get(EventsService).stream.pipe(
        filter((e) => e.type === 'case.opened'),
        timeout(5000),
      ),
    );
    await ingest.app.get(EventsService).publish(event('case.opened'));
    const got = await received;
    expect(got.station).toBe('CQ-LMQ');
    expect(got.occurredAt.toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(got.payload).toEqual({ caseId: '42', big: 'x'.repeat(100) });
  });

  it('hands an HTTP-side event to the ingestion process, which runs the broker (MQTT)', async () => {
    const seen: PlatformEvent[] = [];
    const subscription = ingest.app.get(EventsService).stream.subscribe((e) => seen.push(e));
    await api.app.get(EventsService).publish(event('case.acknowledged'));
    for (let i = 0; i < 50 && !seen.some((e) => e.type === 'case.acknowledged'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    subscription.unsubscribe();
    expect(seen.filter((e) => e.type === 'case.acknowledged')).toHaveLength(1);
  });

  it('does not echo an event back to the process that published it', async () => {
    const own: PlatformEvent[] = [];
    const subscription = api.app.get(EventsService).stream.subscribe((e) => own.push(e));
    await api.app.get(EventsService).publish(event('case.commented'));
    await new Promise((r) => setTimeout(r, 500));
    subscription.unsubscribe();
    expect(own.filter((e) => e.type === 'case.commented')).toHaveLength(1);
  });
});
