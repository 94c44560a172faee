/** MQTT topics (SPEC §5). Devices publish under river/{station}/…; the platform under platform/…. */
export const STATION_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const topics = {
  reading: (station: string) => `river/${station}/reading`,
  status: (station: string) => `river/${station}/status`,
  command: (station: string) => `river/${station}/cmd`,
  gradedReading: (station: string) => `platform/readings/${station}`,
  alert: (station: string) => `platform/alerts/${station}`,
  caseEvent: (station: string) => `platform/cases/${station}`,
  problemEvent: (campaignId: string) => `platform/problems/${campaignId}`,
} as const;

export type DeviceTopicKind = 'reading' | 'status' | 'cmd';

/** Parses `river/{station}/{kind}`; anything else is not a device topic. */
export function parseDeviceTopic(topic: string): { station: string; kind: DeviceTopicKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 3 || parts[0] !== 'river' || !STATION_CODE_PATTERN.test(parts[1])) return undefined;
  const kind = parts[2];
  if (kind !== 'reading' && kind !== 'status' && kind !== 'cmd') return undefined;
  return { station: parts[1], kind };
}
