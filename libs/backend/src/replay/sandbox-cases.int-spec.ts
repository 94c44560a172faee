import type { GradedSample } from '@river/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { sample } from '../../../alerting/src/testing/sample';
import { createTestDatabase } from '../../../../test/setup/test-database';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { CaseEngine } from '../cases/case.engine';
import { SandboxCases } from './sandbox-cases';

/** A run's cases, timelines and rule states without ids, run ids or wall-clock columns. */
async function outcome(db: DataSource, runId: string): Promise<unknown[]> {
  return db.query(
    `SELECT c.station, c.episode, c.state, c.joint, c.provinces, c.districts, c.rules, c.opened_at,
            c.last_finding_at, c.overall, c.target_class, c.primary_pollutants, c.exceedance, c.readings,
            c.attribution, c.arrivals, c.chiefs, c.resolution_proposed_at IS NOT NULL AS proposed,
            (SELECT json_agg(json_build_array(e.kind, e.actor_kind, e.username, e.note, e.data) ORDER BY e.id)
             FROM case_event e WHERE e.case_id = c.id) AS timeline,
            (SELECT s.state FROM station_alert_state s WHERE s.station = c.station AND s.run_id = c.run_id) AS rule_state
     FROM river_case c WHERE c.run_id = $1 ORDER BY c.station, c.episode, c.opened_at`,
    [runId],
  );
}

/** 新盛河: pollution upstream first, then at 联盟桥, then both comply again — hourly, in `batches`. */
function xinshengEpisode(): GradedSample[][] {
  const polluted = (station: string, hour: number) =>
    sample(hour, {
      station,
      overall: 5,
      compliant: false,
      values: { ph: 7.5, do: 6, nh3n: 1.9 + (hour % 3) / 10 },
      classes: { nh3n: 5 },
      primary: ['nh3n'],
      exceedance: { nh3n: 0.9 },
    });
  const clean = (station: string, hour: number) => sample(hour, { station });
  const all: GradedSample[] = [];
  for (let h = 0; h < 30; h++) {
    all.push(h >= 4 && h < 14 ? polluted('SC-U-RSH01', h) : clean('SC-U-RSH01', h));
    all.push(h >= 4 && h < 14 ? polluted('CQ-U-XSH01', h) : clean('CQ-U-XSH01', h));
    all.push(h >= 8 && h < 18 ? polluted('CQ-LMQ', h) : clean('CQ-LMQ', h));
  }
  // batch boundaries inside the episode, as a replay's pages fall
  return [all.slice(0, 20), all.slice(20, 45), all.slice(45)];
}

/**
 * The sandbox batch path (SandboxCases) must decide exactly what the live case engine decides for the
 * same samples and batches: same cases, attribution, jointness, timelines and rule states.
 */
describe('sandbox alert rules in bulk = the case engine, for the same batches', () => {
  let sys: RunningSystem;
  const dataDir = mkdtempSync(join(tmpdir(), 'river-sandbox-cases-'));

  beforeAll(async () => {
    sys = await startSystem({
      role: 'all',
      env: {
        DATABASE_URL: await createTestDatabase('sandbox_cases'),
        HTTP_PORT: '0',
        MQTT_PORT: '0',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
      },
    });
  });

  afterAll(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens, attributes, attaches and proposes resolution identically', async () => {
    const db = sys.app.get(DataSource);
    for (const batch of xinshengEpisode()) {
      await sys.app.get(CaseEngine).handle(batch, { source: 'replay', runId: 'replay-900001' });
      await sys.app.get(SandboxCases).handle(batch, 'replay-900002');
    }
    const engine = await outcome(db, 'replay-900001');
    const bulk = await outcome(db, 'replay-900002');
    expect(bulk).toEqual(engine);
    // the scenario exercises the interesting paths, so the comparison means something
    const rows = engine as Array<{ station: string; joint: boolean; timeline: Array<[string]> }>;
    expect(rows.map((r) => r.station)).toContain('CQ-LMQ');
    expect(rows.find((r) => r.station === 'CQ-LMQ')?.joint).toBe(true);
    const kinds = rows.flatMap((r) => r.timeline.map((e) => e[0]));
    expect(kinds).toEqual(expect.arrayContaining(['opened', 'finding_attached', 'resolution_proposed']));
  });

  it('a redone batch changes nothing (the rules skip what their state has seen)', async () => {
    const db = sys.app.get(DataSource);
    const before = await outcome(db, 'replay-900002');
    const [, second] = xinshengEpisode();
    await sys.app.get(SandboxCases).handle(second, 'replay-900002');
    expect(await outcome(db, 'replay-900002')).toEqual(before);
  });
});
