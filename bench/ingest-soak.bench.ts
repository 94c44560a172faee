/**
 * Memory soak (issue 5: "RSS flat over a 5-minute run"): 200 real MQTT devices publish nine-parameter
 * readings at 2,000 readings/s for SOAK_SECONDS (default 300) into the platform as `npm start` runs it.
 * RSS and heap are sampled every 10 s; the verdict compares the second half's RSS slope with a bound.
 * Server and client worker share this process, so the figures include the clients (both should be flat).
 *
 * Run: `npm run bench:soak` (SOAK_SECONDS=60 for a quick look).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startSystem } from '../libs/backend/src/bootstrap/start-system';
import { load, provisionBenchDevices } from './ingest-harness';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RATE ?? 2000);
const DEVICES = Number(process.env.DEVICES ?? 200);
const SAMPLE_MS = 10_000;
/** a leak of a few bytes per reading would show as well over this at 2,000 readings/s */
const FLAT_MIB_PER_MIN = 2;

const mib = (bytes: number) => bytes / 1048576;

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

async function main(): Promise<void> {
  const sys = await startSystem({
    role: 'all',
    env: {
      ...process.env,
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(os.tmpdir(), 'river-bench-soak-')),
    },
  });
  const samples: Array<{ s: number; rss: number; heap: number }> = [];
  const started = Date.now();
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ s: Math.round((Date.now() - started) / 1000), rss: mib(m.rss), heap: mib(m.heapUsed) });
    process.stderr.write(
      `\r${samples.at(-1)!.s}/${SECONDS} s · RSS ${samples.at(-1)!.rss.toFixed(0)} MiB · heap ${samples.at(-1)!.heap.toFixed(0)} MiB   `,
    );
  };
  try {
    const devices = await provisionBenchDevices(sys, DEVICES);
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    const result = await load({
      port: sys.mqttPort!,
      devices,
      perDevice: Math.ceil((RATE * SECONDS) / DEVICES),
      window: 20,
      rate: RATE,
      tsBase: Date.UTC(2025, 0, 1),
    });
    clearInterval(timer);
    sample();
    process.stderr.write('\n');
    const secondHalf = samples
      .filter((p) => p.s >= SECONDS / 2)
      .map((p): [number, number] => [p.s / 60, p.rss]);
    const rssSlope = slope(secondHalf);
    console.log(
      `\nMemory soak — ${DEVICES} devices at ${RATE} readings/s for ${SECONDS} s; ${result.acked.toLocaleString('en-US')} acknowledged (= stored)`,
    );
    console.log(
      `machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log('| t (s) | RSS MiB | heap MiB |\n|---:|---:|---:|');
    for (const p of samples) console.log(`| ${p.s} | ${p.rss.toFixed(0)} | ${p.heap.toFixed(0)} |`);
    console.log(
      `RSS slope over the second half: ${rssSlope.toFixed(2)} MiB/min → ${Math.abs(rssSlope) <= FLAT_MIB_PER_MIN ? 'flat' : 'NOT flat'} (bound ±${FLAT_MIB_PER_MIN} MiB/min); p99 publish→stored ${result.p99.toFixed(1)} ms`,
    );
  } finally {
    await sys.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
