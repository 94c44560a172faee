import { parseDeviceTopic, type DeviceTopicKind } from '@river/contracts';

/** Marks a device id that is not in the registry (or disabled): processing dead-letters it as wrong_station. */
export const UNREGISTERED_DEVICE = '(unregistered device)';

/** The shared-subscription filters one ingestion process subscribes to on the external broker. */
export function sharedFilters(group: string, prefix: string): string[] {
  return [`$share/${group}/${prefix}river/+/reading`, `$share/${group}/${prefix}river/+/status`];
}

/** The device-side topic behind a prefixed broker topic, or undefined when it is not one of ours. */
export function unprefixed(
  topic: string,
  prefix: string,
): { topic: string; station: string; kind: DeviceTopicKind } | undefined {
  if (!topic.startsWith(prefix)) return undefined;
  const inner = topic.slice(prefix.length);
  const parsed = parseDeviceTopic(inner);
  return parsed && { topic: inner, ...parsed };
}

/**
 * The device a payload claims to come from (`device` of the object, or of the first item of an array).
 * The external broker authenticated the connection, not this claim: the caller checks it against the
 * device registry; processing then checks every item against it. Undefined when unreadable: processing
 * dead-letters such payloads on its own (not_json, schema_violation).
 */
export function claimedDevice(payload: Buffer): string | undefined {
  if (payload.length > 256 * 1024) return undefined;
  try {
    const data: unknown = JSON.parse(payload.toString('utf8'));
    const first: unknown = Array.isArray(data) ? data[0] : data;
    const device = first && typeof first === 'object' ? (first as { device?: unknown }).device : undefined;
    return typeof device === 'string' && device.length > 0 && device.length <= 64 ? device : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PUBACKs in the order the PUBLISH packets arrived [MQTT-4.6.0-2], although batches may commit out of
 * order: an ack is released once it and every earlier one are settled. `release` is called with the
 * message ids to acknowledge; a dropped entry (not stored, e.g. shutdown) is skipped without an ack and
 * the broker redelivers it to this session.
 */
export class OrderedAcks {
  private readonly queue: Array<{ id: number; state: 'pending' | 'ack' | 'drop' }> = [];

  constructor(private readonly release: (messageId: number) => void) {}

  get size(): number {
    return this.queue.length;
  }

  add(messageId: number): { ack(): void; drop(): void } {
    const entry = { id: messageId, state: 'pending' as 'pending' | 'ack' | 'drop' };
    this.queue.push(entry);
    const settle = (state: 'ack' | 'drop') => {
      if (entry.state !== 'pending') return;
      entry.state = state;
      this.drain();
    };
    return { ack: () => settle('ack'), drop: () => settle('drop') };
  }

  /** Forget everything (the connection is gone: the broker redelivers unacknowledged messages). */
  clear(): void {
    for (const entry of this.queue) entry.state = 'drop';
    this.queue.length = 0;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.queue[0].state !== 'pending') {
      const entry = this.queue.shift()!;
      if (entry.state === 'ack') this.release(entry.id);
    }
  }
}
