import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AlertSettings,
  type AlertSettingsOverride,
  episodeActive,
  evaluateStation,
  type Finding,
  jointProvinces,
  resolveSettings,
  type StationRuleState,
  upstreamAttribution,
} from '@river/alerting';
import type { StationRecord } from '@river/catalogue';
import type { GradedSample, GradedSampleSink } from '@river/contracts';
import { transition } from '@river/workflow';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService } from '../events/events.service';
import { WebhookOutbox } from '../events/webhook-outbox.service';
import type { PlatformEvent } from '../events/platform-event';
import { StationsService } from '../stations/stations.service';
import { casePlatformEvent } from './case-events';
import { type CaseRow, snapshotOf } from './case-row';
import { nextDueAt } from './case-schedule';
import { CasesRepository } from './cases.repository';

const SYSTEM = { system: 'alert-rules' };
const READINGS_KEPT = 50;

/**
 * The graded-sample sink (GRADED_SAMPLE_SINK): runs the pure alert rules per station and turns their
 * findings into cases. Per station one transaction that locks the station's rule state, so
 * concurrent batches are serialised; late or duplicate readings never flip the state (the evaluator
 * skips anything not newer than the last sampling time evaluated). Replays with a runId are a
 * sandbox: their own rule state and cases (`run_id`), no notifications, no escalation.
 */
@Injectable()
export class CaseEngine implements GradedSampleSink {
  private readonly logger = new Logger('cases');

  constructor(
    private readonly repo: CasesRepository,
    private readonly stations: StationsService,
    private readonly events: EventsService,
    private readonly outbox: WebhookOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `ruleSet` (replay only): an alternative rule set laid over each station's own settings, to answer
   * "what would have fired" with e.g. a different N or target class (issue 10).
   */
  async handle(
    samples: GradedSample[],
    context: { source: 'live' | 'replay'; runId?: string; ruleSet?: AlertSettingsOverride },
  ): Promise<void> {
    const byStation = new Map<string, GradedSample[]>();
    for (const s of samples) byStation.set(s.station, [...(byStation.get(s.station) ?? []), s]);
    const runId = context.source === 'replay' && context.runId ? context.runId : '';
    // upstream stations first, so that a downstream case in the same batch sees their exceedances
    const topology = this.stations.currentTopology();
    const ordered = [...byStation].sort(
      ([a], [b]) => topology.upstreamEstimates(a).length - topology.upstreamEstimates(b).length,
    );
    for (const [station, list] of ordered) {
      const ruleSet = context.source === 'replay' ? context.ruleSet : undefined;
      const live = context.source === 'live';
      const published = await this.handleStation(station, list, runId, ruleSet, live);
      if (live) for (const e of published) await this.events.publish(e, { webhooksEnqueued: true });
    }
  }

  private async handleStation(
    code: string,
    samples: GradedSample[],
    runId: string,
    ruleSet?: AlertSettingsOverride,
    notify = false,
  ): Promise<PlatformEvent[]> {
    const record = await this.stations.get(code);
    if (!record) {
      this.logger.warn({ station: code }, 'graded samples for a station not in the catalogue: no rules run');
      return [];
    }
    return this.repo.db.transaction(async (m) => {
      // a sandbox replay's cases can be re-created from the journal, and its checkpoint commit (synchronous,
      // later in the WAL) makes these durable anyway: skip the fsync per station and batch (issue 10)
      if (runId) await m.query('SET LOCAL synchronous_commit = off');
      const state = await this.repo.lockStationState(m, code, runId);
      const own = await this.repo.settingsOf(m, code);
      const settings = resolveSettings(ruleSet ? overlay(own, ruleSet) : own);
      const result = evaluateStation(state, samples, settings);
      await this.repo.saveStationState(
        m,
        code,
        runId,
        result.state,
        record.cadenceMinutes,
        silenceDue(result.state, record, settings),
      );
      const published: PlatformEvent[] = [];
      for (const finding of result.findings)
        published.push(...(await this.apply(m, finding, result.state, record, runId)));
      // webhook deliveries commit with the case change (outbox)
      if (notify) for (const e of published) await this.outbox.enqueue(e, m);
      return published;
    });
  }

  /** Applies one finding (also used by the scheduler's no-data rule). Returns what to publish. */
  async apply(
    m: EntityManager,
    finding: Finding,
    state: StationRuleState,
    record: StationRecord,
    runId: string,
  ): Promise<PlatformEvent[]> {
    const run = runId || null;
    const live = await this.repo.findLiveCase(m, record.code, finding.episode, run);
    if (finding.signal === 'cleared') return live ? this.cleared(m, live, finding, state) : [];
    if (live) return this.attach(m, live, finding, record);
    const values = await this.newCase(m, finding, record, run);
    const row = await this.repo.insertCase(m, values);
    if (!row) {
      // a live case appeared meanwhile (another run of the same station and episode): attach to it
      const existing = await this.repo.findLiveCase(m, record.code, finding.episode, run);
      return existing ? this.attach(m, existing, finding, record) : [];
    }
    const event = await this.repo.appendEvent(m, row.id, 'opened', SYSTEM, finding.summary, { finding });
    return [casePlatformEvent(row, event)];
  }

  /**
   * A new case's column values. `states` (sandbox batches): the run's rule states held in memory for
   * the batch, instead of reading the upstream stations' rows.
   */
  async newCase(
    m: EntityManager,
    finding: Finding,
    record: StationRecord,
    run: string | null,
    states?: ReadonlyMap<string, StationRuleState>,
  ): Promise<Record<string, unknown>> {
    const topology = this.stations.currentTopology();
    const pollution = finding.episode === 'pollution';
    const { evidence, provinces, joint, districts } = await this.jointness(m, finding, record, run, states);
    const at = new Date(finding.at);
    const arrivals = pollution
      ? topology.arrivalEstimates(record.code).map((a) => ({
          station: a.station.code,
          name: a.station.name,
          province: a.station.province,
          district: a.station.district,
          travelHours: a.hours,
          eta: new Date(at.getTime() + a.hours * 3_600_000).toISOString(),
        }))
      : [];
    const now = new Date();
    const base = {
      state: 'open' as const,
      sla_since: now,
      last_escalated_at: null,
      escalation_level: 'township' as const,
      dispatch_deadline: null,
    };
    return {
      run_id: run,
      station: record.code,
      station_name: record.name,
      river: record.river,
      province: record.province,
      district: record.district,
      episode: finding.episode,
      state: 'open',
      joint,
      provinces,
      districts,
      rules: [finding.rule],
      opened_at: at,
      last_finding_at: at,
      overall: finding.overall ?? null,
      target_class: finding.targetClass ?? record.targetClass,
      primary_pollutants: finding.primary ?? finding.parameters,
      exceedance: finding.exceedance ?? {},
      readings: finding.readings,
      attribution: evidence,
      arrivals,
      chiefs: await this.repo.chiefsFor(m, provinces, districts, record.river),
      escalation_level: 'township',
      sla_since: now,
      next_due_at: run ? null : nextDueAt(base, this.config.cases.ackSlaMinutes),
    };
  }

  /** Upstream attribution (pollution only) and who shares the case: 联合 when it spans both provinces. */
  async jointness(
    m: EntityManager,
    finding: Finding,
    record: StationRecord,
    run: string | null,
    held?: ReadonlyMap<string, StationRuleState>,
  ) {
    const topology = this.stations.currentTopology();
    const upstream = finding.episode === 'pollution' ? topology.upstreamEstimates(record.code) : [];
    const states =
      held ??
      (await this.repo.stationStates(
        m,
        upstream.map((u) => u.station.code),
        run ?? '',
      ));
    const evidence = upstreamAttribution(
      finding,
      upstream.map((u) => ({
        station: u.station,
        travelHours: u.hours,
        recentExceedances: states.get(u.station.code)?.recentExceedances ?? [],
      })),
    );
    const provinces = jointProvinces(record, evidence);
    const joint = provinces.length > 1;
    const neighbours = [
      ...topology.upstreamOf(record.code),
      ...topology.downstreamChain(record.code).slice(0, 1),
    ];
    const districts = unique([
      record.district,
      ...evidence.map((e) => topology.station(e.station)?.district),
      ...neighbours
        .filter((n) => joint && n.province !== record.province && provinces.includes(n.province))
        .map((n) => n.district),
    ]);
    return { evidence, provinces, joint, districts };
  }

  private async attach(
    m: EntityManager,
    row: CaseRow,
    finding: Finding,
    record: StationRecord,
  ): Promise<PlatformEvent[]> {
    const patch = await this.attachPatch(m, row, finding, record);
    let updated = await this.repo.updateCase(m, row.id, patch);
    const out = [
      casePlatformEvent(
        updated,
        await this.repo.appendEvent(m, row.id, 'finding_attached', SYSTEM, finding.summary, { finding }),
      ),
    ];
    if (row.state === 'resolved') {
      // the exceedance returned before both sides closed the case: reopen it
      const result = transition(snapshotOf(updated), {
        action: 'reopen',
        side: 'system',
        reason: finding.summary,
      });
      const now = new Date();
      updated = await this.repo.updateCase(m, row.id, {
        state: result.to,
        acknowledged_by: result.snapshot.acknowledgedBy,
        close_confirmed_by: result.snapshot.closeConfirmedBy,
        resolution: null,
        sla_since: now,
        next_due_at: updated.run_id
          ? null
          : nextDueAt({ ...updated, state: result.to, sla_since: now }, this.config.cases.ackSlaMinutes),
      });
      const event = await this.repo.appendEvent(
        m,
        row.id,
        'reopened',
        SYSTEM,
        `reopened: ${finding.summary}`,
        { from: result.from, to: result.to },
      );
      out.push(casePlatformEvent(updated, event));
    }
    return out;
  }

  /** What attaching a finding changes on a case (also the sandbox batch path's). */
  async attachPatch(
    m: EntityManager,
    row: CaseRow,
    finding: Finding,
    record: StationRecord,
    states?: ReadonlyMap<string, StationRuleState>,
  ): Promise<Record<string, unknown>> {
    const patch: Record<string, unknown> = {
      rules: unique([...row.rules, finding.rule]),
      last_finding_at: new Date(finding.at),
      readings: [...row.readings, ...finding.readings].slice(-READINGS_KEPT),
      resolution_proposed_at: null,
    };
    if (finding.overall !== undefined && (row.overall === null || finding.overall > row.overall)) {
      Object.assign(patch, {
        overall: finding.overall,
        primary_pollutants: finding.primary ?? row.primary_pollutants,
        exceedance: finding.exceedance ?? row.exceedance,
      });
    }
    if (finding.episode === 'pollution' && row.attribution.length === 0) {
      // the upstream data may have arrived after the case opened: attribute (and make joint) now
      const { evidence, provinces, joint, districts } = await this.jointness(
        m,
        finding,
        record,
        row.run_id,
        states,
      );
      if (evidence.length) Object.assign(patch, { attribution: evidence });
      if (joint && !row.joint) {
        Object.assign(patch, {
          joint,
          provinces,
          districts,
          chiefs: await this.repo.chiefsFor(m, provinces, districts, record.river),
        });
      }
    }
    return patch;
  }

  private async cleared(
    m: EntityManager,
    row: CaseRow,
    finding: Finding,
    state: StationRuleState,
  ): Promise<PlatformEvent[]> {
    const out = [
      casePlatformEvent(
        row,
        await this.repo.appendEvent(m, row.id, 'finding_cleared', SYSTEM, finding.summary, { finding }),
      ),
    ];
    if (episodeActive(state, row.episode) || row.state === 'resolved' || row.resolution_proposed_at)
      return out;
    // the section complies again for N readings: propose `resolved` (people decide)
    const updated = await this.repo.updateCase(m, row.id, { resolution_proposed_at: new Date() });
    const event = await this.repo.appendEvent(
      m,
      row.id,
      'resolution_proposed',
      SYSTEM,
      `proposed resolution: ${finding.summary}`,
      {
        readings: finding.readings,
      },
    );
    out.push(casePlatformEvent(updated, event));
    return out;
  }
}

/** A replay's rule set over the station's override: groups merged field by field. */
export function overlay(
  own: AlertSettingsOverride | undefined,
  ruleSet: AlertSettingsOverride,
): AlertSettingsOverride {
  const base = own ?? {};
  return {
    ...base,
    ...ruleSet,
    worseThanV: { ...base.worseThanV, ...ruleSet.worseThanV },
    suddenChange: { ...base.suddenChange, ...ruleSet.suddenChange },
    fault: { ...base.fault, ...ruleSet.fault },
    noData: { ...base.noData, ...ruleSet.noData },
  };
}

function unique<T>(values: Array<T | undefined>): T[] {
  return [...new Set(values.filter((v): v is T => v !== undefined))];
}

/** When the no-data rule should next look at this station. */
function silenceDue(state: StationRuleState, record: StationRecord, settings: AlertSettings): Date | null {
  if (!settings.noData.enabled || !state.lastTs) return null;
  // counted from when the platform last heard from the station: the latest sampling time, or now when
  // older data arrive (store-and-forward, backfill) — the station is not silent at that moment
  const heard = Math.max(Date.parse(state.lastTs), Date.now());
  return new Date(heard + settings.noData.cadenceMultiple * record.cadenceMinutes * 60_000);
}
export { silenceDue };
