import { parseDeviceTopic, topics } from '@river/contracts';

/** Who a connected MQTT client is: a station's device (the only kind of MQTT login for now). */
export interface DeviceIdentity {
  deviceId: string;
  station: string;
}

/**
 * What a device may publish (SPEC §5). `reading` on its own station goes to ingestion; a reading on
 * another station's topic also goes there, to be acked and dead-lettered as wrong_station (the
 * connection stays up); its own `status` is allowed (retained online/offline, last will); anything
 * else — another station's status, any `cmd`, `platform/…`, unknown topics — is an ACL violation.
 */
export type PublishDecision = 'reading' | 'status' | 'deny';

export function publishDecision(device: DeviceIdentity, topic: string): PublishDecision {
  const parsed = parseDeviceTopic(topic);
  if (!parsed) return 'deny';
  if (parsed.kind === 'reading') return 'reading';
  if (parsed.kind === 'status' && parsed.station === device.station) return 'status';
  return 'deny';
}

/** A device subscribes only to its own command topic; `platform/…` and other stations are not for devices. */
export function maySubscribe(device: DeviceIdentity, topicFilter: string): boolean {
  return topicFilter === topics.command(device.station);
}

/** Operators' clients may follow what the platform derives: `platform/#` and anything under it. */
export function operatorMaySubscribe(topicFilter: string): boolean {
  return topicFilter === 'platform/#' || topicFilter.startsWith('platform/');
}
