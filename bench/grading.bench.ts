/**
 * Grading throughput on one core (issue 3): nine-parameter readings as automatic stations send them
 * (temp, ph, do, cond, turb, codmn, nh3n, tp, tn), graded for rivers. Target: ≥ 1,000,000 readings/s
 * on the fast path the stream processor uses. Run: `npm run bench:grading` (BENCH_SECONDS=2 per path).
 */
import { execSync } from 'node:child_process';
import os from 'node:os';
import { assess, gradeClassesInto, gradeSummary, type WaterClass } from '@river/water-quality';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const SAMPLES = 4096;

/** Deterministic pseudo-random readings spanning classes I..劣V (xorshift, so runs are comparable). */
function makeReadings(): Record<string, number>[] {
  let s = 0x9e3779b9;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
  const r = (min: number, max: number) => Math.round((min + rnd() * (max - min)) * 1000) / 1000;
  return Array.from({ length: SAMPLES }, () => ({
    temp: r(2, 30),
    ph: r(5.5, 9.5),
    do: r(1, 10),
    cond: r(100, 900),
    turb: r(1, 200),
    codmn: r(1, 18),
    nh3n: r(0.05, 2.5),
    tp: r(0.01, 0.5),
    tn: r(0.2, 3),
  }));
}

interface Result {
  path: string;
  perSecond: number;
}

function measure(
  path: string,
  readings: Record<string, number>[],
  grade: (values: Record<string, number>) => number,
): Result {
  let sink = 0;
  // warm-up so the JIT has optimised the path before timing
  for (let i = 0; i < 200_000; i++) sink += grade(readings[i % SAMPLES]);
  const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < SAMPLES; i++) sink += grade(readings[i]);
    count += SAMPLES;
    now = process.hrtime.bigint();
  }
  const elapsed = Number(now - start) / 1e9;
  if (sink === -1) console.log('unreachable'); // keeps the results observable so nothing is optimised away
  return { path, perSecond: count / elapsed };
}

function cpuModel(): string {
  try {
    const line = execSync('lscpu', { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.startsWith('Model name:'));
    if (line) return line.replace('Model name:', '').trim();
  } catch {
    // lscpu missing: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function main(): void {
  const readings = makeReadings();
  const classes: Record<string, WaterClass> = {};
  const results = [
    measure(
      'explained: assess() (classes, exceedance, primary, status, explanation, absent)',
      readings,
      (values) => {
        return assess({ waterBody: 'river', values, targetClass: 3 }).overall ?? 0;
      },
    ),
    measure('lean: gradeSummary() (classes, exceedance, primary, compliance)', readings, (values) => {
      return gradeSummary(values, 'river', 3).overall ?? 0;
    }),
    measure('fast: gradeClassesInto() (classes + section class, reused output)', readings, (values) => {
      return gradeClassesInto(values, 'river', classes) ?? 0;
    }),
  ];
  const fast = results[results.length - 1].perSecond;
  console.log(`# Grading benchmark — ${new Date().toISOString().slice(0, 10)}`);
  console.log(
    `machine: ${cpuModel()}, ${os.cpus().length} logical CPUs (one core used); node ${process.version}`,
  );
  console.log(`nine-parameter river readings, ${SECONDS} s per path\n`);
  console.log('| path | readings/s |');
  console.log('|---|---:|');
  for (const r of results) console.log(`| ${r.path} | ${Math.round(r.perSecond).toLocaleString('en-US')} |`);
  console.log(`\nfast path target ≥ 1,000,000 readings/s: ${fast >= 1_000_000 ? 'met' : 'NOT met'}`);
}

main();
