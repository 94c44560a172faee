import type { AlertSettingsOverride } from '@river/alerting';
import { progressOf } from './replay-pacing';
import type { ReplayReport } from './replay-report';

export type ReplayTarget = 'sandbox' | 'live' | 'mqtt';
export type ReplayState = 'queued' | 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';
export const ACTIVE_STATES: readonly ReplayState[] = ['queued', 'running', 'paused'];

/** What the runner accumulates batch by batch; saved atomically with the checkpoint. */
export interface ReplayCounters {
  rate?: number | null;
  samples?: number;
  readings?: number;
  published?: number;
  /** station → [samples, compared with live, class changed] */
  classes?: Record<string, [number, number, number]>;
  /** live target: dead letters by reason (sandbox runs count them from their table) */
  deadLetters?: Record<string, number>;
  elapsedMs?: number;
}

/** A replay_job row as the driver returns it. */
export interface ReplayJobRow {
  id: string;
  state: ReplayState;
  target: ReplayTarget;
  from_ts: Date;
  to_ts: Date;
  stations: string[] | null;
  rivers: string[] | null;
  speed: number | null;
  /** false: classes only (no alert rules, no cases) */
  evaluate_rules: boolean;
  rule_set: AlertSettingsOverride | null;
  rule_set_name: string | null;
  mqtt: { topicPrefix: string; url?: string } | null;
  total: string;
  done: string;
  checkpoint_id: string | null;
  checkpoint_received_at: Date | null;
  counters: ReplayCounters;
  report: ReplayReport | null;
  error: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The sandbox run id the case engine keys rule state and cases by. */
export const runIdOf = (jobId: string) => `replay-${jobId}`;

export function replayView(row: ReplayJobRow) {
  return {
    id: row.id,
    state: row.state,
    target: row.target,
    from: row.from_ts.toISOString(),
    to: row.to_ts.toISOString(),
    stations: row.stations,
    rivers: row.rivers,
    speed: row.speed ?? 'max',
    rules: row.evaluate_rules,
    ruleSet: row.rule_set ? { name: row.rule_set_name, override: row.rule_set } : null,
    mqtt: row.mqtt ? { topicPrefix: row.mqtt.topicPrefix, external: Boolean(row.mqtt.url) } : null,
    progress: progressOf(Number(row.done), Number(row.total), row.counters.rate ?? null),
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
export type ReplayView = ReturnType<typeof replayView>;
