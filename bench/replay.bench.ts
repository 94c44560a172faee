/**
 * Replay benchmark (issue 10): one year of 74 stations at a 4-hour cadence (2,190 nine-parameter
 * messages per station = 1.46 million values) is seeded straight into the raw journal, then replayed
 * as fast as possible into a sandbox through the real job runner (same processing core as live
 * ingestion, sandbox tables, case engine with a run id). Target: ≥ 200,000 values/s (< 10 s).
 * Database: DATABASE_URL if set, else an embedded PostgreSQL in a temp folder (fsync on).
 *
 * Run: `npm run bench:replay` (STATIONS=74 DAYS=365 by default; keep runs short, the machine is shared).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startSystem } from '../libs/backend/src/bootstrap/start-system';
import type { Principal } from '../libs/backend/src/identity/principal';
import { ReplayService } from '../libs/backend/src/replay/replay.service';
import { StationsService } from '../libs/backend/src/stations/stations.service';

const STATIONS = Number(process.env.STATIONS ?? 74);
const DAYS = Number(process.env.DAYS ?? 365);
const CADENCE_H = 4;
/** pollution episodes per station and year */
const EPISODES = Math.round((Number(process.env.EPISODES ?? 4) * Number(process.env.DAYS ?? 365)) / 365);

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(db: DataSource, stations: string[], start: number): Promise<number> {
  const random = rng(42);
  const perStation = (DAYS * 24) / CADENCE_H;
  const chunk = 10_000;
  let rows: Array<[string, string, Buffer, string, string]> = [];
  let total = 0;
  const flush = async () => {
    await db.query(
      `INSERT INTO message_journal (received_at, topic, payload, device_id, station_code, source, new_samples)
       SELECT r, t, p, d, s, 'mqtt', 1 FROM unnest($1::timestamptz[], $2::text[], $3::bytea[], $4::text[], $5::text[]) AS x(r, t, p, d, s)`,
      [
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[4]),
      ],
    );
    total += rows.length;
    rows = [];
  };
  const episodes = new Map(
    stations.map((s) => [
      s,
      Array.from({ length: EPISODES }, () => {
        const a = Math.floor(random() * perStation);
        return [a, a + 2 + Math.floor(random() * 10)] as const;
      }),
    ]),
  );
  // interleaved by time, as devices send: every station's reading of one slot, then the next slot
  for (let i = 0; i < perStation; i++) {
    const ts = start + i * CADENCE_H * 3_600_000;
    for (const station of stations) {
      const device = `bench-${station}`;
      // Class I–II outside episodes (stations with target II comply); pollution comes in episodes (a few a year, a day or two long) as in real
      // series, so the rules and the case engine open, attach to and clear cases
      const spike = episodes.get(station)!.some(([a, b]) => i >= a && i < b) ? 3 : 1;
      const values = {
        temp: +(15 + 10 * random()).toFixed(1),
        ph: +(7 + random()).toFixed(2),
        do: +(6.5 + 2.5 * random()).toFixed(2),
        cond: Math.round(300 + 200 * random()),
        turb: +(5 + 20 * random()).toFixed(1),
        codmn: +((1.5 + 2 * random()) * spike).toFixed(2),
        nh3n: +((0.1 + 0.3 * random()) * spike).toFixed(3),
        tp: +((0.02 + 0.06 * random()) * spike).toFixed(3),
        tn: +(0.5 + random()).toFixed(2),
      };
      const payload = JSON.stringify({ v: 1, device, ts: new Date(ts).toISOString(), seq: i, values });
      rows.push([
        new Date(ts + 60_000).toISOString(),
        `river/${station}/reading`,
        Buffer.from(payload),
        device,
        station,
      ]);
      if (rows.length >= chunk) await flush();
    }
  }
  if (rows.length) await flush();
  return total;
}

/** sha256 over the run's cases and timelines (no ids, no wall-clock columns). */
async function casesDigest(db: DataSource, runId: string): Promise<string> {
  const rows: unknown[] = await db.query(
    `SELECT c.station, c.episode, c.state, c.joint, c.provinces, c.districts, c.rules, c.opened_at, c.last_finding_at,
            c.overall, c.target_class, c.primary_pollutants, c.exceedance, c.readings, c.attribution, c.arrivals,
            c.chiefs, c.resolution_proposed_at IS NOT NULL AS proposed,
            (SELECT json_agg(json_build_array(e.kind, e.actor_kind, e.username, e.note, e.data) ORDER BY e.id)
             FROM case_event e WHERE e.case_id = c.id) AS timeline,
            (SELECT s.state FROM station_alert_state s WHERE s.station = c.station AND s.run_id = c.run_id) AS rule_state
     FROM river_case c WHERE c.run_id = $1 ORDER BY c.station, c.episode, c.opened_at`,
    [runId],
  );
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'river-bench-replay-'));
  const sys = await startSystem({
    role: 'all',
    env: {
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
    },
  });
  try {
    const db = sys.app.get(DataSource);
    const stations = (await sys.app.get(StationsService).all())
      .filter((s) => s.province === 'CQ')
      .slice(0, STATIONS)
      .map((s) => s.code);
    const start = Date.UTC(2025, 0, 1) - 8 * 3_600_000;
    const seedStarted = performance.now();
    const messages = await seed(db, stations, start);
    console.log(
      `seeded ${messages} messages (${stations.length} stations × ${DAYS} days) in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    await db.query('ANALYZE message_journal');

    const operator = { username: 'bench', role: 'operator' } as Principal;
    const replays = sys.app.get(ReplayService);
    // the full sandbox replay (classes, rules, cases), then a classes-only one (`rules: false`)
    for (const rules of [true, false]) {
      const t0 = performance.now();
      const job = await replays.create(
        {
          from: new Date(start).toISOString(),
          to: new Date(start + (DAYS + 1) * 86_400_000).toISOString(),
          target: 'sandbox',
          speed: 'max',
          rules,
        },
        operator,
      );
      let view = job;
      while (view.state === 'queued' || view.state === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        view = await replays.get(job.id);
      }
      const seconds = (performance.now() - t0) / 1000;
      if (view.state !== 'completed') throw new Error(`replay ${view.state}: ${view.error}`);
      const report = await replays.report(job.id);
      console.log(
        JSON.stringify({
          rules,
          messages: report.messagesReplayed,
          values: report.readingsWritten,
          samples: report.samplesWritten,
          sandboxCases: report.cases.wouldOpen,
          sandboxCaseEvents: Number(
            (
              await db.query(
                'SELECT count(*) AS n FROM case_event e JOIN river_case c ON c.id = e.case_id WHERE c.run_id = $1',
                [`replay-${job.id}`],
              )
            )[0].n,
          ),
          deadLetters: report.deadLetters.total,
          // what the rules decided, independent of ids and wall-clock times: equal digests = same results
          casesDigest: await casesDigest(db, `replay-${job.id}`),
          samplesDigest: (
            await db.query(
              `SELECT left(md5(string_agg(concat_ws('|', station, ts, "values", flags, classes, overall, compliant, n_values), '\n' ORDER BY station, ts)), 16) AS d
               FROM replay_sample WHERE run_id = $1`,
              [job.id],
            )
          )[0].d,
          seconds: +seconds.toFixed(2),
          messagesPerSecond: Math.round(report.messagesReplayed / seconds),
          valuesPerSecond: Math.round(report.readingsWritten / seconds),
          load: os.loadavg().map((l) => +l.toFixed(2)),
        }),
      );
    }
    console.log(JSON.stringify({ cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version }));
  } finally {
    await sys.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
