import type { AppConfig } from '../config/app-config';
import { IngestMetrics } from './ingest-metrics';
import { IngestPipeline } from './ingest-pipeline.service';
import type { IngestRepository } from './ingest.repository';
import type { ProcessResult, RawMessage } from './raw-message';
import type { StationDirectory } from './station-directory';

const config = { ingest: { batchMax: 3, batchWaitMs: 5, maxPending: 4, commitConcurrency: 1 } } as AppConfig;
const stations: StationDirectory = { get: async (code) => ({ code, waterBody: 'river', targetClass: 3 }) };

function message(minute: number): RawMessage {
  const ts = new Date(Date.UTC(2026, 10, 1, 0, minute)).toISOString();
  return {
    topic: 'river/S1/reading',
    payload: Buffer.from(JSON.stringify({ v: 1, device: 'd1', ts, values: { ph: 7 } })),
    device: 'd1',
    deviceStation: 'S1',
    receivedAt: new Date(Date.UTC(2026, 10, 2)),
    source: 'mqtt',
  };
}

/** A repository whose commits are released by the test: acks must never resolve before release. */
class HeldRepository {
  batches: ProcessResult[] = [];
  private releases: Array<(fail?: boolean) => void> = [];
  commit(result: ProcessResult) {
    this.batches.push(result);
    return new Promise<{ newSamples: []; duplicates: 0 }>((resolve, reject) =>
      this.releases.push((fail) =>
        fail ? reject(new Error('store down')) : resolve({ newSamples: [], duplicates: 0 }),
      ),
    );
  }
  release(fail = false) {
    this.releases.shift()!(fail);
  }
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe(IngestPipeline.name, () => {
  let repo: HeldRepository;
  let sut: IngestPipeline;

  beforeEach(() => {
    repo = new HeldRepository();
    sut = new IngestPipeline(config, repo as unknown as IngestRepository, stations, new IngestMetrics());
  });
  afterEach(async () => {
    await sut.beforeApplicationShutdown().catch(() => undefined);
    sut.onApplicationShutdown();
  });

  it('groups messages into batches of at most batchMax and resolves none before its commit', async () => {
    const settled: number[] = [];
    const all = [0, 1, 2, 3].map((i) => sut.submit(message(i)).then(() => settled.push(i)));
    await tick();
    expect(repo.batches.map((b) => b.accepted.length)).toEqual([3]);
    expect(settled).toEqual([]);
    repo.release();
    await tick();
    expect(settled).toEqual([0, 1, 2]);
    expect(repo.batches.map((b) => b.accepted.length)).toEqual([3, 1]);
    repo.release();
    await Promise.all(all);
    expect(settled).toEqual([0, 1, 2, 3]);
  });

  it('retries a failed commit with the same messages and resolves only after it succeeds', async () => {
    let done = false;
    const p = sut.submit(message(0)).then(() => (done = true));
    await tick();
    repo.release(true);
    await tick(120); // backoff 50 ms
    expect(done).toBe(false);
    expect(repo.batches).toHaveLength(2);
    expect(repo.batches[1].accepted[0].message).toBe(repo.batches[0].accepted[0].message);
    repo.release();
    await p;
    expect(done).toBe(true);
  });

  it('reports saturation at maxPending and wakes waiting sources when the queue drains', async () => {
    const pending = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => sut.submit(message(i)));
    await tick();
    // 3 in the commit, 5 queued ≥ maxPending 4
    expect(sut.saturated).toBe(true);
    let woke = false;
    const waiting = sut.whenUnsaturated().then(() => (woke = true));
    repo.release();
    await tick();
    expect(woke).toBe(true);
    await waiting;
    repo.release();
    await tick();
    repo.release();
    await Promise.all(pending);
  });

  it('answers a dead-lettered message with its reason', async () => {
    const p = sut.submit({ ...message(0), payload: Buffer.from('not json') });
    await tick();
    repo.release();
    expect((await p).deadLetter?.reason).toBe('not_json');
  });
});
