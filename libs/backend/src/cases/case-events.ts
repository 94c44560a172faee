import { topics } from '@river/contracts';
import type { PlatformEvent } from '../events/platform-event';
import { type CaseEventRow, caseEventView, type CaseRow, caseView } from './case-row';

/** The notification for one timeline entry: MQTT `platform/cases/{station}`, SSE, webhooks. */
export function casePlatformEvent(row: CaseRow, event: CaseEventRow): PlatformEvent {
  return {
    type: `case.${event.kind}`,
    topic: topics.caseEvent(row.station),
    station: row.station,
    province: row.provinces,
    river: row.river,
    payload: { case: caseView(row), event: caseEventView(event) },
    occurredAt: event.at,
  };
}
