/**
 * `npm run bench`: every benchmark in one run, one after the other (never in parallel: they would
 * measure each other). Each prints its own table; record results in docs/BENCHMARKS.md with the machine
 * and the date. The scale-out bench needs the machine's Mosquitto and PostgreSQL services: it runs only
 * with `BENCH_SCALE_OUT=1`.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

const benches = ['bench:grading', 'bench:ingest', 'bench:replay'];
if (process.env.BENCH_SCALE_OUT === '1') benches.push('bench:scale-out');

process.stdout.write(
  `benchmarks on ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, node ${process.version}, ` +
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${new Date().toISOString()}\n`,
);
const results: Array<{ bench: string; status: string; seconds: string }> = [];
for (const [index, bench] of benches.entries()) {
  process.stdout.write(`\n== [${index + 1}/${benches.length}] npm run ${bench} ==\n`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '--silent', bench], { stdio: 'inherit' });
  results.push({
    bench,
    status: run.status === 0 ? 'ok' : `failed (${run.status ?? run.signal})`,
    seconds: ((Date.now() - started) / 1000).toFixed(1),
  });
}
process.stdout.write('\n| bench | result | seconds |\n|---|---|---:|\n');
for (const r of results) process.stdout.write(`| ${r.bench} | ${r.status} | ${r.seconds} |\n`);
process.exitCode = results.every((r) => r.status === 'ok') ? 0 : 1;
