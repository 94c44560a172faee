import type { Socket } from 'node:net';

/**
 * aedes 1.x has no maximum packet size: a client could make the broker buffer a packet of any size.
 * Payloads over 64 KiB are acknowledged and dead-lettered (SPEC §5); packets over this hard cap close the
 * connection before they are buffered. Sits on `socket.read`, which aedes pulls from, and follows the
 * MQTT framing (fixed header byte, variable-length "remaining length" [MQTT-2.2.3], body).
 */
export const HARD_PACKET_LIMIT = 2 * 1024 * 1024;

export class MqttFrameTracker {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private remaining = 0;

  constructor(private readonly limit: number) {}

  /** Returns false as soon as a packet announces a remaining length over the limit (or a malformed one). */
  feed(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'body') {
        const take = Math.min(this.remaining, chunk.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining === 0) this.state = 'header';
        continue;
      }
      const byte = chunk[i++];
      if (this.state === 'header') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      if (this.length > this.limit) return false;
      if (byte & 0x80) {
        this.multiplier *= 128;
        if (this.multiplier > 128 ** 3) return false; // more than 4 length bytes: malformed
        continue;
      }
      this.remaining = this.length;
      this.state = this.remaining === 0 ? 'header' : 'body';
    }
    return true;
  }
}

export function guardPacketSize(socket: Socket, limit = HARD_PACKET_LIMIT, onRefused?: () => void): Socket {
  const tracker = new MqttFrameTracker(limit);
  const read = socket.read.bind(socket);
  socket.read = ((size?: number) => {
    const chunk = read(size) as Buffer | string | null;
    if (chunk && Buffer.isBuffer(chunk) && !tracker.feed(chunk)) {
      onRefused?.();
      socket.destroy();
      return null;
    }
    return chunk;
  }) as Socket['read'];
  return socket;
}
