/**
 * What the ingestion benchmarks share: bench devices created through the real DevicesService, and the
 * MQTT load generator (bench/ingest-load.ts) run in a worker thread with its own event loop.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startSystem, type RunningSystem } from '../libs/backend/src/bootstrap/start-system';
import { DevicesService } from '../libs/backend/src/devices/devices.service';
import type { LoadResult, LoadSpec } from './ingest-load';

export function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'ingest-load.ts'), {
      workerData: spec,
      execArgv: ['-r', '@swc-node/register'],
    });
    worker.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => {
      void worker.terminate();
      if (m.ok) resolve(m.result!);
      else reject(new Error(m.error));
    });
    worker.once('error', reject);
  });
}

/** `count` devices spread over three stations, created 20 at a time (scrypt hashing is the slow part). */
export async function provisionBenchDevices(sys: RunningSystem, count: number): Promise<LoadSpec['devices']> {
  const stations = ['CQ-LMQ', 'CQ-ZT', 'CQ-ZYX'];
  const service = sys.app.get(DevicesService, { strict: false });
  const devices: LoadSpec['devices'] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, k) =>
        service.create(stations[(i + k) % stations.length]),
      ),
    );
    batch.forEach((d, k) => devices.push({ ...d, station: stations[(i + k) % stations.length] }));
  }
  return devices;
}

/** The system as `npm start` runs it, in-process, on loopback and ephemeral ports, with a temp DATA_DIR. */
export function startBenchSystem(label: string): Promise<RunningSystem> {
  return startSystem({
    role: 'all',
    env: {
      ...process.env,
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(os.tmpdir(), `river-bench-${label}-`)),
    },
  });
}
