import { Injectable, Logger } from '@nestjs/common';
import {
  type AlertSettingsOverride,
  episodeActive,
  evaluateStation,
  type Finding,
  initialStationState,
  resolveSettings,
  type StationRuleState,
} from '@river/alerting';
import type { StationRecord } from '@river/catalogue';
import type { GradedSample } from '@river/contracts';
import type { EntityManager } from 'typeorm';
import { CaseEngine, overlay, silenceDue } from '../cases/case.engine';
import type { CaseRow } from '../cases/case-row';
import { CasesRepository } from '../cases/cases.repository';
import { StationsService } from '../stations/stations.service';

const SYSTEM = 'alert-rules';

interface PendingEvent {
  caseId: string;
  kind: string;
  note: string | null;
  data: Record<string, unknown>;
}

/**
 * The alert rules of a SANDBOX replay, one batch at a time (issue 10's speed target). The rules and
 * the case decisions are the live engine's — `evaluateStation` (libs/alerting) decides, and
 * `CaseEngine.newCase` / `attachPatch` / `jointness` build the case rows — only the persistence
 * differs: the run's rule states, settings and open cases are read once per batch, every station of
 * the batch is evaluated in memory (upstream stations first, as the engine orders them, so a
 * downstream case sees their states of this batch), and the states, case changes and timeline rows
 * are written in bulk in ONE transaction per batch (`synchronous_commit = off`: re-creatable from the
 * journal; the runner's synchronous checkpoint commit follows in the WAL, so the checkpoint never
 * runs ahead of these rows). Live replays and live ingestion keep the per-station, locking
 * `CaseEngine.handle`.
 *
 * Differences that cannot show: no row locks (one job owns a run, through its lease), no
 * notifications or escalation (sandbox cases have none), and no reopen — people cannot act on
 * sandbox cases (`lockCase` only finds live ones), so they stay `open` until the run is deleted.
 */
@Injectable()
export class SandboxCases {
  private readonly logger = new Logger('replay');

  constructor(
    private readonly engine: CaseEngine,
    private readonly repo: CasesRepository,
    private readonly stations: StationsService,
  ) {}

  async handle(
    samples: readonly GradedSample[],
    runId: string,
    ruleSet?: AlertSettingsOverride,
  ): Promise<void> {
    if (samples.length === 0) return;
    const byStation = new Map<string, GradedSample[]>();
    for (const s of samples) {
      let list = byStation.get(s.station);
      if (!list) byStation.set(s.station, (list = []));
      list.push(s);
    }
    const topology = this.stations.currentTopology();
    const ordered = [...byStation].sort(
      ([a], [b]) => topology.upstreamEstimates(a).length - topology.upstreamEstimates(b).length,
    );
    await this.repo.db.transaction(async (m) => {
      await m.query('SET LOCAL synchronous_commit = off');
      const [states, settings, open] = [
        await this.repo.runStates(m, runId),
        await this.repo.settingsOfMany(m, [...byStation.keys()]),
        await this.repo.openRunCases(m, runId),
      ];
      const saved: Parameters<CasesRepository['saveStationStates']>[2][number][] = [];
      const changed = new Map<string, Record<string, unknown>>();
      const events: PendingEvent[] = [];
      for (const [code, list] of ordered) {
        const record = await this.stations.get(code);
        if (!record) {
          this.logger.warn(
            { station: code },
            'graded samples for a station not in the catalogue: no rules run',
          );
          continue;
        }
        const own = settings.get(code);
        const resolved = resolveSettings(ruleSet ? overlay(own, ruleSet) : own);
        const result = evaluateStation(states.get(code) ?? initialStationState(), list, resolved);
        states.set(code, result.state);
        saved.push({
          station: code,
          state: result.state,
          cadenceMinutes: record.cadenceMinutes,
          silenceDueAt: silenceDue(result.state, record, resolved),
        });
        for (const finding of result.findings) {
          await this.apply(m, finding, result.state, record, runId, { states, open, changed, events });
        }
      }
      await this.repo.saveStationStates(m, runId, saved);
      for (const [id, patch] of changed) await this.repo.updateCase(m, id, patch);
      await this.repo.appendSystemEvents(m, SYSTEM, events);
    });
  }

  /** CaseEngine.apply's decisions, on the batch's in-memory cases. */
  private async apply(
    m: EntityManager,
    finding: Finding,
    state: StationRuleState,
    record: StationRecord,
    runId: string,
    batch: {
      states: ReadonlyMap<string, StationRuleState>;
      open: Map<string, CaseRow>;
      changed: Map<string, Record<string, unknown>>;
      events: PendingEvent[];
    },
  ): Promise<void> {
    const key = `${record.code}|${finding.episode}`;
    const row = batch.open.get(key);
    const change = (target: CaseRow, patch: Record<string, unknown>) => {
      Object.assign(target, patch);
      batch.changed.set(target.id, { ...batch.changed.get(target.id), ...patch });
    };
    if (finding.signal === 'cleared') {
      if (!row) return;
      batch.events.push({
        caseId: row.id,
        kind: 'finding_cleared',
        note: finding.summary,
        data: { finding },
      });
      if (episodeActive(state, row.episode) || row.state === 'resolved' || row.resolution_proposed_at) return;
      // the section complies again for N readings: propose `resolved` (people decide)
      change(row, { resolution_proposed_at: new Date() });
      batch.events.push({
        caseId: row.id,
        kind: 'resolution_proposed',
        note: `proposed resolution: ${finding.summary}`,
        data: { readings: finding.readings },
      });
      return;
    }
    if (row) {
      if (row.state === 'resolved')
        throw new Error(`sandbox case ${row.id} is resolved: people cannot act on sandbox cases`);
      change(row, await this.engine.attachPatch(m, row, finding, record, batch.states));
      batch.events.push({
        caseId: row.id,
        kind: 'finding_attached',
        note: finding.summary,
        data: { finding },
      });
      return;
    }
    const inserted = await this.repo.insertCase(
      m,
      await this.engine.newCase(m, finding, record, runId, batch.states),
    );
    // one job owns a run (lease), and `open` holds all the run's open cases: a conflict is a bug
    if (!inserted) throw new Error(`sandbox run ${runId}: a case for ${key} appeared meanwhile`);
    batch.open.set(key, inserted);
    batch.events.push({ caseId: inserted.id, kind: 'opened', note: finding.summary, data: { finding } });
  }
}
