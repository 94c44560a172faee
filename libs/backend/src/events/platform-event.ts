import type { Principal, Province } from '../identity/principal';

/**
 * Something the platform tells the world about (a case event, a problem-list event …). One shape for
 * every channel: MQTT (`topic`, under `platform/…`), SSE (`GET /api/v1/events`) and webhooks.
 */
export interface PlatformEvent {
  /** e.g. `case.opened`, `case.acknowledged`, `problem.handed_over` */
  type: string;
  /** MQTT topic under `platform/…` (see `topics` in @river/contracts) */
  topic: string;
  station?: string;
  /** provinces concerned (SSE `?province=` filter); both for a joint case */
  province?: Province[];
  river?: string;
  payload: unknown;
  occurredAt: Date;
}

/** What SSE/webhooks receive: the event with its time as ISO 8601. */
export function eventEnvelope(event: PlatformEvent) {
  return {
    type: event.type,
    topic: event.topic,
    station: event.station ?? null,
    province: event.province ?? [],
    river: event.river ?? null,
    occurredAt: event.occurredAt.toISOString(),
    payload: event.payload,
  };
}
export type EventEnvelope = ReturnType<typeof eventEnvelope>;

/** Whether an event passes the `?province=&river=` filter of a subscriber (absent = any). */
export function eventMatches(event: PlatformEvent, filter: { province?: Province; river?: string }): boolean {
  if (filter.province && !(event.province ?? []).includes(filter.province)) return false;
  if (filter.river && event.river !== filter.river) return false;
  return true;
}

/**
 * Whether a user may receive an event on the SSE stream (reads are filtered to what the user may see):
 * operators see everything; everyone else sees the events of their own province, which includes the
 * joint (two-province) ones, and events that concern no province in particular.
 */
export function eventVisibleTo(event: PlatformEvent, user: Principal): boolean {
  if (user.role === 'operator') return true;
  const provinces = event.province ?? [];
  return provinces.length === 0 || provinces.includes(user.province);
}
