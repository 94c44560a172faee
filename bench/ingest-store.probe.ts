/**
 * Probe (not a published bench): where PostgreSQL spends a batch commit. Builds realistic 440-message
 * batches with the processing core and times commits with parts left out, sequentially, one connection:
 * full; without telemetry rows; journal only; empty (BEGIN + COMMIT). Differences = each part's cost.
 * Run: `node -r @swc-node/register bench/ingest-store.probe.ts` (embedded PostgreSQL unless DATABASE_URL).
 */
import { startBenchSystem } from './ingest-harness';
import { IngestRepository } from '../libs/backend/src/ingestion/ingest.repository';
import { processMessages } from '../libs/backend/src/ingestion/process-messages';
import type { RawMessage } from '../libs/backend/src/ingestion/raw-message';

async function main() {
  const sys = await startBenchSystem('probe');
  const repo = sys.app.get(IngestRepository, { strict: false });
  const stations = ['CQ-LMQ', 'CQ-ZT', 'CQ-ZYX'];
  let seq = 0;
  const batch = (n: number): RawMessage[] =>
    Array.from({ length: n }, () => {
      const i = seq++;
      const station = stations[i % 3];
      return {
        topic: `river/${station}/reading`,
        payload: Buffer.from(
          JSON.stringify({
            v: 1,
            device: 'd',
            ts: new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
            seq: i,
            values: {
              temp: 18,
              ph: 7.2,
              do: 6.3,
              cond: 420,
              turb: 12,
              codmn: 3.1,
              nh3n: 0.4,
              tp: 0.08,
              tn: 1.1,
            },
          }),
        ),
        device: 'd',
        deviceStation: station,
        receivedAt: new Date(),
        source: 'mqtt',
      };
    });
  const info = (code: string) => ({ code, waterBody: 'river' as const, targetClass: 3 as const });
  for (const variant of ['full', 'drop-readings', 'journal-only', 'empty', 'full']) {
    const t = performance.now();
    const rounds = 20;
    for (let r = 0; r < rounds; r++) {
      const result = processMessages(batch(440), { station: info });
      if (variant !== 'full') result.readings = [];
      if (variant === 'journal-only' || variant === 'empty') {
        result.samples = [];
        for (const a of result.accepted) for (const s of a.samples) s.duplicate = true;
      }
      if (variant === 'empty') result.accepted = [];
      await repo.commit(result);
    }
    console.log(variant, ((performance.now() - t) / rounds).toFixed(1), 'ms per 440-message batch');
  }
  await sys.close();
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
