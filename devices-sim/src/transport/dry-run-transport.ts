import type { Writable } from 'node:stream';
import type { Emission } from '../scenario/scenario-engine';
import type { Transport } from './transport';

/**
 * `--dry-run`: one JSON line per message on `out` instead of connecting: topic, simulated send time and
 * the payload (parsed when it is JSON, else the raw text, or base64 when it is not even UTF-8).
 */
export class DryRunTransport implements Transport {
  private stations = 0;

  constructor(private readonly out: Writable) {}

  async connect(stations: readonly string[]): Promise<void> {
    this.stations = stations.length;
  }

  async publish(emission: Emission): Promise<void> {
    const line = JSON.stringify({
      topic: emission.topic,
      at: emission.at.toISOString(),
      ...describePayload(emission.payload),
    });
    if (!this.out.write(line + '\n')) await new Promise((resolve) => this.out.once('drain', resolve));
  }

  connectedCount(): number {
    return this.stations;
  }

  async close(): Promise<void> {
    this.stations = 0;
  }
}

function describePayload(payload: Buffer): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { base64: payload.toString('base64') };
  }
  try {
    return { payload: JSON.parse(text) };
  } catch {
    return { raw: text };
  }
}
