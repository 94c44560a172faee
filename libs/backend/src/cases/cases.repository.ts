import { Injectable } from '@nestjs/common';
import type { AlertSettingsOverride, StationRuleState } from '@river/alerting';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal, Province } from '../identity/principal';
import type { CaseEventRow, CaseRow } from './case-row';

/** Who did something to a case: a person (from authentication) or the platform itself. */
export type CaseActor = Principal | { system: string };

export interface CaseListFilter {
  state?: string[];
  province?: Province;
  river?: string;
  station?: string;
  joint?: boolean;
  overdue?: boolean;
  /** non-operators: only cases touching this province (the policy then decides row by row) */
  visibleToProvince?: Province;
  beforeId?: string;
  limit: number;
}

/** Same definition as `isOverdue` in case-row.ts. */
const OVERDUE_SQL = `coalesce((state = 'dispatched' AND dispatch_deadline <= now())
  OR (state = 'open' AND last_escalated_at IS NOT NULL) OR (next_due_at <= now()), false)`;

/** The only door to station_alert_state, station_alert_rules, river_case and case_event. */
@Injectable()
export class CasesRepository {
  constructor(readonly db: DataSource) {}

  /** Locks (creating if needed) a station's rule state: concurrent batches of one station wait here. */
  async lockStationState(m: EntityManager, station: string, runId: string): Promise<StationRuleState> {
    await m.query(
      'INSERT INTO station_alert_state (station, run_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [station, runId],
    );
    const [row]: Array<{ state: StationRuleState }> = await m.query(
      'SELECT state FROM station_alert_state WHERE station = $1 AND run_id = $2 FOR UPDATE',
      [station, runId],
    );
    const stored = row.state as Partial<StationRuleState>;
    return { ...stored, rules: stored.rules ?? {}, recentExceedances: stored.recentExceedances ?? [] };
  }

  async saveStationState(
    m: EntityManager,
    station: string,
    runId: string,
    state: StationRuleState,
    cadenceMinutes: number,
    silenceDueAt: Date | null,
  ): Promise<void> {
    await m.query(
      `UPDATE station_alert_state SET state = $3, last_ts = $4, cadence_minutes = $5, silence_due_at = $6, updated_at = now()
       WHERE station = $1 AND run_id = $2`,
      [station, runId, JSON.stringify(state), state.lastTs ?? null, cadenceMinutes, silenceDueAt],
    );
  }

  async stationStates(
    m: EntityManager,
    stations: string[],
    runId: string,
  ): Promise<Map<string, StationRuleState>> {
    if (!stations.length) return new Map();
    const rows: Array<{ station: string; state: StationRuleState }> = await m.query(
      'SELECT station, state FROM station_alert_state WHERE station = ANY($1) AND run_id = $2',
      [stations, runId],
    );
    return new Map(rows.map((r) => [r.station, r.state]));
  }

  /** A sandbox run's rule states, all stations at once (one job owns a run: no row locks needed). */
  async runStates(m: EntityManager, runId: string): Promise<Map<string, StationRuleState>> {
    const rows: Array<{ station: string; state: Partial<StationRuleState> }> = await m.query(
      'SELECT station, state FROM station_alert_state WHERE run_id = $1',
      [runId],
    );
    return new Map(
      rows.map((r) => [
        r.station,
        { ...r.state, rules: r.state.rules ?? {}, recentExceedances: r.state.recentExceedances ?? [] },
      ]),
    );
  }

  /** Saves many stations' rule states of one run in one statement (sandbox batches). */
  async saveStationStates(
    m: EntityManager,
    runId: string,
    rows: ReadonlyArray<{
      station: string;
      state: StationRuleState;
      cadenceMinutes: number;
      silenceDueAt: Date | null;
    }>,
  ): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO station_alert_state (station, run_id, state, last_ts, cadence_minutes, silence_due_at, updated_at)
       SELECT s, $1, st::jsonb, lt, cm, sd, now()
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::timestamptz[]) AS x(s, st, lt, cm, sd)
       ON CONFLICT (station, run_id) DO UPDATE SET state = EXCLUDED.state, last_ts = EXCLUDED.last_ts,
         cadence_minutes = EXCLUDED.cadence_minutes, silence_due_at = EXCLUDED.silence_due_at, updated_at = now()`,
      [
        runId,
        rows.map((r) => r.station),
        rows.map((r) => JSON.stringify(r.state)),
        rows.map((r) => r.state.lastTs ?? null),
        rows.map((r) => r.cadenceMinutes),
        rows.map((r) => r.silenceDueAt),
      ],
    );
  }

  /** Rule overrides of these stations (absent = defaults). */
  async settingsOfMany(m: EntityManager, stations: string[]): Promise<Map<string, AlertSettingsOverride>> {
    if (!stations.length) return new Map();
    const rows: Array<{ station: string; settings: AlertSettingsOverride }> = await m.query(
      'SELECT station, settings FROM station_alert_rules WHERE station = ANY($1)',
      [stations],
    );
    return new Map(rows.map((r) => [r.station, r.settings]));
  }

  /** A sandbox run's cases not closed or dismissed, keyed `station|episode`. */
  async openRunCases(m: EntityManager, runId: string): Promise<Map<string, CaseRow>> {
    const rows: CaseRow[] = await m.query(
      `SELECT * FROM river_case WHERE run_id = $1 AND state NOT IN ('closed', 'dismissed')`,
      [runId],
    );
    return new Map(rows.map((r) => [`${r.station}|${r.episode}`, r]));
  }

  /** Appends system timeline entries in order, one statement (ids follow the array order). */
  async appendSystemEvents(
    m: EntityManager,
    system: string,
    events: ReadonlyArray<{
      caseId: string;
      kind: string;
      note: string | null;
      data: Record<string, unknown>;
    }>,
  ): Promise<void> {
    if (!events.length) return;
    await m.query(
      `INSERT INTO case_event (case_id, kind, actor_kind, username, note, data)
       SELECT c, k, 'system', $1, n, d::jsonb
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(c, k, n, d, o) ORDER BY o`,
      [
        system,
        events.map((e) => e.caseId),
        events.map((e) => e.kind),
        events.map((e) => e.note),
        events.map((e) => JSON.stringify(e.data)),
      ],
    );
  }

  /** Live stations whose silence check is due (the scheduler's no-data rule). */
  async dueSilences(
    m: EntityManager,
    limit: number,
  ): Promise<Array<{ station: string; state: StationRuleState; cadence_minutes: number }>> {
    return m.query(
      `SELECT station, state, cadence_minutes FROM station_alert_state
       WHERE run_id = '' AND silence_due_at <= now() ORDER BY silence_due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async settingsOf(
    m: EntityManager | DataSource,
    station: string,
  ): Promise<AlertSettingsOverride | undefined> {
    const [row]: Array<{ settings: AlertSettingsOverride }> = await m.query(
      'SELECT settings FROM station_alert_rules WHERE station = $1',
      [station],
    );
    return row?.settings;
  }

  async saveSettings(station: string, settings: AlertSettingsOverride, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO station_alert_rules (station, settings, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (station) DO UPDATE SET settings = EXCLUDED.settings, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [station, JSON.stringify(settings), by],
    );
  }

  async findLiveCase(
    m: EntityManager,
    station: string,
    episode: string,
    runId: string | null,
  ): Promise<CaseRow | undefined> {
    const [row]: CaseRow[] = await m.query(
      `SELECT * FROM river_case WHERE station = $1 AND episode = $2 AND coalesce(run_id, '') = $3
       AND state NOT IN ('closed', 'dismissed') FOR UPDATE`,
      [station, episode, runId ?? ''],
    );
    return row;
  }

  /** Inserts a case unless a live one exists for the station and episode (partial unique index). */
  async insertCase(m: EntityManager, values: Record<string, unknown>): Promise<CaseRow | undefined> {
    const columns = Object.keys(values);
    const params = columns.map((c) => toParam(c, values[c]));
    const [row]: CaseRow[] = await m.query(
      `INSERT INTO river_case (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (station, episode, coalesce(run_id, '')) WHERE state NOT IN ('closed', 'dismissed') DO NOTHING
       RETURNING *`,
      params,
    );
    return row;
  }

  async updateCase(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<CaseRow> {
    const columns = Object.keys(patch);
    const [rows]: [CaseRow[]] = await m.query(
      `UPDATE river_case SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, ...columns.map((c) => toParam(c, patch[c]))],
    );
    return rows[0];
  }

  async lockCase(m: EntityManager, id: string): Promise<CaseRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row]: CaseRow[] = await m.query(
      'SELECT * FROM river_case WHERE id = $1 AND run_id IS NULL FOR UPDATE',
      [id],
    );
    return row;
  }

  async getCase(id: string): Promise<CaseRow | undefined> {
    if (!/^\d{1,18}$/.test(id)) return undefined;
    const [row]: CaseRow[] = await this.db.query(
      'SELECT * FROM river_case WHERE id = $1 AND run_id IS NULL',
      [id],
    );
    return row;
  }

  async appendEvent(
    m: EntityManager,
    caseId: string,
    kind: string,
    actor: CaseActor,
    note: string | null,
    data: Record<string, unknown> = {},
  ): Promise<CaseEventRow> {
    const person = 'role' in actor ? actor : undefined;
    const [row]: CaseEventRow[] = await m.query(
      `INSERT INTO case_event (case_id, kind, actor_kind, user_id, username, role, province, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        caseId,
        kind,
        person ? 'user' : 'system',
        person?.userId ?? null,
        person?.username ?? ('system' in actor ? actor.system : null),
        person?.role ?? null,
        person?.province ?? null,
        note,
        JSON.stringify(data),
      ],
    );
    return row;
  }

  async events(caseId: string): Promise<CaseEventRow[]> {
    return this.db.query('SELECT * FROM case_event WHERE case_id = $1 ORDER BY id', [caseId]);
  }

  async list(f: CaseListFilter): Promise<CaseRow[]> {
    const where = ['run_id IS NULL'];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.state?.length) add((p) => `state = ANY(${p})`, f.state);
    if (f.province) add((p) => `(province = ${p} OR ${p} = ANY(provinces))`, f.province);
    if (f.river) add((p) => `river = ${p}`, f.river);
    if (f.station) add((p) => `station = ${p}`, f.station);
    if (f.joint !== undefined) add((p) => `joint = ${p}`, f.joint);
    if (f.overdue !== undefined) add((p) => `(${OVERDUE_SQL}) = ${p}`, f.overdue);
    if (f.visibleToProvince)
      add((p) => `(province = ${p} OR (joint AND ${p} = ANY(provinces)))`, f.visibleToProvince);
    if (f.beforeId) add((p) => `id < ${p}`, f.beforeId);
    params.push(f.limit);
    return this.db.query(
      `SELECT * FROM river_case WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Live cases whose escalation is due, locked so that only one scheduler handles each. */
  async dueCases(m: EntityManager, limit: number): Promise<CaseRow[]> {
    return m.query(
      `SELECT * FROM river_case WHERE run_id IS NULL AND next_due_at <= now()
       AND state NOT IN ('closed', 'dismissed') ORDER BY next_due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** 河长: active river chiefs whose jurisdiction covers the case (province-wide or one of its districts). */
  async chiefsFor(
    m: EntityManager | DataSource,
    provinces: Province[],
    districts: string[],
    river: string,
  ): Promise<CaseRow['chiefs']> {
    const rows: Array<{
      id: string;
      display_name: string;
      province: Province;
      level: string | null;
      district: string | null;
    }> = await m.query(
      `SELECT id, display_name, province, level, district FROM app_user
       WHERE role = 'river_chief' AND NOT disabled AND province = ANY($1)
         AND (district IS NULL OR district = ANY($2))
         AND (rivers IS NULL OR cardinality(rivers) = 0 OR $3 = ANY(rivers))
       ORDER BY province, level, display_name`,
      [provinces, districts, river],
    );
    return rows.map((r) => ({
      userId: r.id,
      displayName: r.display_name,
      province: r.province,
      level: r.level,
      district: r.district,
    }));
  }
}

const JSON_COLUMNS = new Set(['exceedance', 'readings', 'attribution', 'arrivals', 'chiefs', 'resolution']);

/** jsonb columns get JSON text; text[] columns and scalars go as they are. */
function toParam(column: string, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON_COLUMNS.has(column) ? JSON.stringify(value) : value;
}
