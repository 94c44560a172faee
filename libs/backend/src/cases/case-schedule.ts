import { nextEscalation } from '@river/workflow';
import type { CaseRow } from './case-row';

/** The scheduler's next due time for a case (escalation), or null when it cannot escalate any more. */
export function nextDueAt(
  row: Pick<CaseRow, 'state' | 'sla_since' | 'last_escalated_at' | 'escalation_level' | 'dispatch_deadline'>,
  ackSlaMinutes: number,
): Date | null {
  return (
    nextEscalation({
      state: row.state,
      openedAt: row.sla_since,
      lastEscalatedAt: row.last_escalated_at ?? undefined,
      level: row.escalation_level,
      dispatchDeadline: row.dispatch_deadline ?? undefined,
      ackSlaMinutes,
    })?.due ?? null
  );
}
