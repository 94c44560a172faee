/**
 * Memory soak (issue 5: "RSS flat over a 5-minute run"): 200 real MQTT devices publish nine-parameter
 * readings at 2,000 readings/s for SOAK_SECONDS (default 300) into the built system, started as its own
 * process exactly as `npm start` runs it (embedded PostgreSQL in a temp DATA_DIR). The server's RSS is
 * read from /proc every 10 s (clients and PostgreSQL are other processes and not counted); the verdict
 * compares the RSS slope over the second half with a bound.
 *
 * Run: `npm run bench:soak` (builds first; SOAK_SECONDS=60 for a quick look).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { killSpawnedSystems, newDataDir, spawnSystem } from '../test/support/spawned-system';
import { load } from './ingest-harness';
import type { LoadSpec } from './ingest-load';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const RATE = Number(process.env.SOAK_RATE ?? 2000);
const DEVICES = Number(process.env.DEVICES ?? 200);
const SAMPLE_MS = 10_000;
/**
 * A leak of a few bytes per reading would show as well over this at 2,000 readings/s. Only growth
 * counts: memory handed back after warm-up (a negative slope) is not a leak.
 */
const FLAT_MIB_PER_MIN = 2;

/** VmRSS of another process, in MiB. */
function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) / 1024;
}

/** Devices created through the operator API, spread over three stations. */
async function provision(baseUrl: string, count: number): Promise<LoadSpec['devices']> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'soak-operator', password: 'soak operator passphrase 1' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const stations = ['CQ-LMQ', 'CQ-ZT', 'CQ-ZYX'];
  const devices: LoadSpec['devices'] = [];
  for (let i = 0; i < count; i++) {
    const station = stations[i % stations.length];
    const response = await fetch(`${baseUrl}/api/v1/stations/${station}/devices`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const created = (await response.json()) as { deviceId: string; secret: string };
    devices.push({ ...created, station });
  }
  return devices;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
}

async function main(): Promise<void> {
  const system = await spawnSystem({
    DATA_DIR: newDataDir(),
    HTTP_HOST: '127.0.0.1',
    MQTT_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_OPERATOR_USER: 'soak-operator',
    BOOTSTRAP_OPERATOR_PASSWORD: 'soak operator passphrase 1',
  });
  const pid = system.process.pid!;
  const samples: Array<{ s: number; rss: number }> = [];
  const started = Date.now();
  const sample = () => {
    samples.push({ s: Math.round((Date.now() - started) / 1000), rss: rssOf(pid) });
    process.stderr.write(
      `\r${samples.at(-1)!.s}/${SECONDS} s · server RSS ${samples.at(-1)!.rss.toFixed(0)} MiB   `,
    );
  };
  try {
    const devices = await provision(system.baseUrl, DEVICES);
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    const result = await load({
      port: system.mqttPort!,
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
    console.log('| t (s) | server RSS MiB |\n|---:|---:|');
    for (const p of samples) console.log(`| ${p.s} | ${p.rss.toFixed(0)} |`);
    console.log(
      `server RSS slope over the second half: ${rssSlope.toFixed(2)} MiB/min → ${rssSlope <= FLAT_MIB_PER_MIN ? 'not growing' : 'GROWING'} (bound +${FLAT_MIB_PER_MIN} MiB/min); p50/p99 publish→stored ${result.p50.toFixed(1)}/${result.p99.toFixed(1)} ms`,
    );
    if ((await system.stop()) !== 0) console.log('note: the server did not exit 0 on SIGTERM');
  } finally {
    await killSpawnedSystems();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
