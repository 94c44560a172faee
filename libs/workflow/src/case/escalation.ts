import type { CaseState } from './case-state';

/** River chief levels from the lowest up (township → district → city → province). */
export const CHIEF_LEVEL_ORDER = ['township', 'district', 'city', 'province'] as const;
export type EscalationLevel = (typeof CHIEF_LEVEL_ORDER)[number];

/** The next level of chief, or undefined at the top. */
export function nextLevel(level: EscalationLevel): EscalationLevel | undefined {
  const i = CHIEF_LEVEL_ORDER.indexOf(level);
  return CHIEF_LEVEL_ORDER[i + 1];
}

export type EscalationReason = 'ack_sla' | 'dispatch_overdue';

/**
 * When the case must escalate next, or undefined. Unacknowledged (`open`): `ackSlaMinutes` after it
 * opened or was reopened (`openedAt` = start of the SLA, wall-clock) (or after the last escalation, so each level gets the same time). Dispatched: at its deadline,
 * then again every SLA period. Other states never escalate.
 */
export function nextEscalation(c: {
  state: CaseState;
  openedAt: Date;
  lastEscalatedAt?: Date;
  level: EscalationLevel;
  dispatchDeadline?: Date;
  ackSlaMinutes: number;
}): { due: Date; reason: EscalationReason } | undefined {
  if (!nextLevel(c.level)) return undefined;
  const sla = c.ackSlaMinutes * 60_000;
  if (c.state === 'open') {
    // after a reopen `openedAt` (the SLA start) is newer than the last escalation
    const base = c.lastEscalatedAt && c.lastEscalatedAt > c.openedAt ? c.lastEscalatedAt : c.openedAt;
    return { due: new Date(base.getTime() + sla), reason: 'ack_sla' };
  }
  if (c.state === 'dispatched' && c.dispatchDeadline) {
    const base =
      c.lastEscalatedAt && c.lastEscalatedAt >= c.dispatchDeadline
        ? new Date(c.lastEscalatedAt.getTime() + sla)
        : c.dispatchDeadline;
    return { due: base, reason: 'dispatch_overdue' };
  }
  return undefined;
}
