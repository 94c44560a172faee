import type { CaseSnapshot, CaseState } from '@river/workflow';
import type { CaseScope } from '../identity/policy';
import type { Province } from '../identity/principal';

/** A river_case row as PostgreSQL returns it (snake_case). */
export interface CaseRow {
  id: string;
  run_id: string | null;
  station: string;
  station_name: string;
  river: string;
  province: Province;
  district: string;
  episode: 'pollution' | 'instrument_fault' | 'no_data';
  state: CaseState;
  joint: boolean;
  provinces: Province[];
  districts: string[];
  acknowledged_by: Province[];
  close_confirmed_by: Province[];
  rules: string[];
  opened_at: Date;
  last_finding_at: Date;
  overall: number | null;
  target_class: number | null;
  primary_pollutants: string[];
  exceedance: Record<string, number>;
  readings: unknown[];
  attribution: unknown[];
  arrivals: unknown[];
  chiefs: Array<{
    userId: string;
    displayName: string;
    province: Province;
    level: string | null;
    district: string | null;
  }>;
  dispatch_to: string | null;
  dispatch_deadline: Date | null;
  resolution: { cause: string; action: string } | null;
  dismiss_reason: string | null;
  resolution_proposed_at: Date | null;
  escalation_level: 'township' | 'district' | 'city' | 'province';
  last_escalated_at: Date | null;
  sla_since: Date;
  next_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Date;
  kind: string;
  actor_kind: 'user' | 'system';
  user_id: string | null;
  username: string | null;
  role: string | null;
  province: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export function snapshotOf(row: CaseRow): CaseSnapshot {
  return {
    state: row.state,
    joint: row.joint,
    provinces: row.provinces,
    acknowledgedBy: row.acknowledged_by,
    closeConfirmedBy: row.close_confirmed_by,
    ...(row.dispatch_to && row.dispatch_deadline
      ? { dispatch: { to: row.dispatch_to, deadline: row.dispatch_deadline.toISOString() } }
      : {}),
    ...(row.resolution ? { resolution: row.resolution } : {}),
    ...(row.dismiss_reason ? { dismissReason: row.dismiss_reason } : {}),
  };
}

export function scopeOf(row: CaseRow): CaseScope {
  return {
    province: row.province,
    district: row.district,
    river: row.river,
    joint: row.joint,
    provinces: row.provinces,
    districts: row.districts,
  };
}

/**
 * Overdue: dispatched past its deadline, still unacknowledged after an escalation (the ack SLA
 * passed), or an escalation due and not yet run. Same definition as OVERDUE_SQL in the repository.
 */
export function isOverdue(
  row: Pick<CaseRow, 'state' | 'dispatch_deadline' | 'last_escalated_at' | 'next_due_at'>,
  now = new Date(),
): boolean {
  const t = now.getTime();
  if (row.state === 'dispatched' && row.dispatch_deadline && row.dispatch_deadline.getTime() <= t)
    return true;
  if (row.state === 'open' && row.last_escalated_at) return true;
  return row.next_due_at !== null && row.next_due_at.getTime() <= t;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function caseView(row: CaseRow, now = new Date()) {
  const waitingAck =
    row.joint && row.state === 'open' ? row.provinces.filter((p) => !row.acknowledged_by.includes(p)) : [];
  const waitingClose =
    row.joint && row.state === 'resolved'
      ? row.provinces.filter((p) => !row.close_confirmed_by.includes(p))
      : [];
  return {
    id: row.id,
    station: row.station,
    stationName: row.station_name,
    river: row.river,
    province: row.province,
    district: row.district,
    episode: row.episode,
    state: row.state,
    joint: row.joint,
    provinces: row.provinces,
    districts: row.districts,
    acknowledgedBy: row.acknowledged_by,
    closeConfirmedBy: row.close_confirmed_by,
    waitingFor: { acknowledge: waitingAck, close: waitingClose },
    rules: row.rules,
    /** sampling time of the reading that opened the case */
    openedAt: row.opened_at.toISOString(),
    lastFindingAt: row.last_finding_at.toISOString(),
    class: row.overall,
    targetClass: row.target_class,
    primaryPollutants: row.primary_pollutants,
    exceedance: row.exceedance,
    readings: row.readings,
    upstreamAttribution: row.attribution,
    downstreamArrivals: row.arrivals,
    chiefs: row.chiefs,
    dispatch: row.dispatch_to ? { to: row.dispatch_to, deadline: iso(row.dispatch_deadline) } : null,
    resolution: row.resolution,
    dismissReason: row.dismiss_reason,
    resolutionProposedAt: iso(row.resolution_proposed_at),
    escalationLevel: row.escalation_level,
    lastEscalatedAt: iso(row.last_escalated_at),
    nextDueAt: iso(row.next_due_at),
    overdue: isOverdue(row, now),
    sandboxRun: row.run_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type CaseView = ReturnType<typeof caseView>;

export function caseEventView(e: CaseEventRow) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    kind: e.kind,
    actor:
      e.actor_kind === 'system'
        ? { system: true }
        : { userId: e.user_id, username: e.username, role: e.role, province: e.province },
    note: e.note,
    data: e.data,
  };
}
