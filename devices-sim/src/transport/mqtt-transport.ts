import { topics } from '@river/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Emission } from '../scenario/scenario-engine';
import type { CredentialsByStation, Transport } from './transport';

export interface MqttTransportOptions {
  url: string;
  /** station → device credentials; a station without credentials connects anonymously as `sim-{code}` */
  credentials?: CredentialsByStation;
  /** MQTT clean session; false (default) keeps the session and its in-flight QoS 1 messages across reconnects */
  clean?: boolean;
  connectTimeoutMs?: number;
  /** how many devices connect at once (a broker may throttle connection storms) */
  connectConcurrency?: number;
}

/**
 * One mqtt.js client per station device (SPEC §5): QoS 1 readings on river/{code}/reading, a retained
 * `online` on river/{code}/status and a retained last will `offline` there.
 */
export class MqttTransport implements Transport {
  private readonly clients = new Map<string, MqttClient>();

  constructor(private readonly options: MqttTransportOptions) {}

  async connect(stations: readonly string[]): Promise<void> {
    const queue = [...stations];
    const worker = async () => {
      for (let code = queue.shift(); code !== undefined; code = queue.shift()) {
        this.clients.set(code, await this.connectOne(code));
      }
    };
    await Promise.all(Array.from({ length: this.options.connectConcurrency ?? 20 }, worker));
  }

  private async connectOne(code: string): Promise<MqttClient> {
    const credentials = this.options.credentials?.[code];
    const clientId = credentials?.deviceId ?? `sim-${code}`;
    const status = topics.status(code);
    const client = await mqtt.connectAsync(this.options.url, {
      clientId,
      ...(credentials ? { username: credentials.deviceId, password: credentials.secret } : {}),
      clean: this.options.clean ?? false,
      protocolVersion: 4,
      keepalive: 30,
      reconnectPeriod: 1000,
      connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      will: { topic: status, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await client.publishAsync(status, 'online', { qos: 1, retain: true });
    return client;
  }

  async publish(emission: Emission): Promise<void> {
    const client = this.clients.get(emission.station);
    if (!client) throw new Error(`station ${emission.station} has no connected device`);
    await client.publishAsync(emission.topic, emission.payload, { qos: 1 });
  }

  connectedCount(): number {
    return [...this.clients.values()].filter((c) => c.connected).length;
  }

  /**
   * A power cut: the socket is destroyed without an MQTT DISCONNECT, so the broker publishes the device's
   * last will (`offline`, retained). The device does not come back.
   */
  async dropConnection(station: string): Promise<void> {
    const client = this.clients.get(station);
    this.clients.delete(station);
    await client?.endAsync(true).catch(() => undefined);
  }

  /** A graceful goodbye: retained `offline`, then disconnect (the will is only for unexpected drops). */
  async close(): Promise<void> {
    await Promise.all(
      [...this.clients.entries()].map(async ([code, client]) => {
        if (client.connected)
          await client
            .publishAsync(topics.status(code), 'offline', { qos: 1, retain: true })
            .catch(() => undefined);
        await client.endAsync().catch(() => undefined);
      }),
    );
    this.clients.clear();
  }
}
