import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { topics, type GradedSample } from '@river/contracts';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Subscription } from 'rxjs';
import { hostname } from 'node:os';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { HealthRegistry } from '../../health/health.registry';
import { IngestPipeline } from '../ingest-pipeline.service';
import { DeviceStationLookup } from './device-station.lookup';
import {
  claimedDevice,
  OrderedAcks,
  sharedFilters,
  unprefixed,
  UNREGISTERED_DEVICE,
} from './external-message';

/** mqtt.js sends a PUBACK only from its own publish handler; this is the (internal) method it uses. */
type PacketSender = { _sendPacket(packet: { cmd: 'puback'; messageId: number }, cb: () => void): void };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Scale-out ingestion (MQTT_URL set): instead of running aedes, this process consumes device topics from
 * an external broker (Mosquitto, EMQX) through shared subscriptions, so several ingestion processes
 * split the load. Each message goes through the same pipeline as aedes messages
 * (`IngestPipeline.submit`), and its PUBACK goes to the broker only after its batch is committed.
 *
 * mqtt.js handles incoming packets one at a time and writes the PUBACK when `handleMessage` calls back,
 * so waiting there would commit one message per transaction. Instead `handleMessage` releases the
 * packet pump at once (calling back with a marker error, which mqtt.js treats as "no PUBACK") and the
 * PUBACK is written after the commit, in arrival order. Past `maxUnacknowledged` (2 × INGEST_BATCH_MAX,
 * at most INGEST_MAX_PENDING) the pump is held, so memory stays bounded while a store is down; a process that
 * dies keeps its unacknowledged messages in its persistent session (clean: false, stable client id)
 * and gets them again when it reconnects with the same INGEST_CLIENT_ID. PostgreSQL's unique keys make
 * a message processed twice (redelivery, or two processes) store its readings once.
 */
@Injectable()
export class ExternalBrokerConsumer
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger('external-broker');
  private client?: MqttClient;
  private acks?: OrderedAcks;
  private stopping = false;
  private handled = 0;
  private derived?: Subscription;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pipeline: IngestPipeline,
    private readonly devices: DeviceStationLookup,
    private readonly health: HealthRegistry,
  ) {}

  /** The live MQTT client (tests observe its PUBACKs). */
  get mqttClient(): MqttClient | undefined {
    return this.client;
  }

  /** Messages received and not yet acknowledged (at most `maxUnacknowledged` + 1). */
  get unacknowledged(): number {
    return this.acks?.size ?? 0;
  }

  /** Messages received from the broker by this process since start. */
  get received(): number {
    return this.handled;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { externalUrl, externalUsername, externalPassword, shareGroup, topicPrefix } = this.config.mqtt;
    if (!externalUrl) return;
    const clientId = this.config.mqtt.consumerClientId ?? `river-ingest-${hostname()}-${process.pid}`;
    const client = mqtt.connect(externalUrl, {
      clientId,
      clean: false,
      protocolVersion: 4,
      username: externalUsername,
      password: externalPassword,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    this.client = client;
    const sender = client as unknown as PacketSender;
    const acks = new OrderedAcks((messageId) => {
      if (client.connected) sender._sendPacket({ cmd: 'puback', messageId }, () => undefined);
    });
    this.acks = acks;
    client.handleMessage = (packet, callback) => {
      this.handled++;
      const ack = packet.qos > 0 && packet.messageId !== undefined ? acks.add(packet.messageId) : undefined;
      void this.handle(packet).then(
        (stored) => (stored ? ack?.ack() : ack?.drop()),
        () => ack?.drop(),
      );
      const release = () => callback(packet.qos > 0 ? new Error('PUBACK deferred until commit') : undefined);
      // Backpressure: past the limit the packet pump stays blocked, mqtt.js stops reading the socket and
      // the broker keeps the rest (it does not bound what it sends to a v3.1.1 shared subscriber).
      if (acks.size <= this.maxUnacknowledged) release();
      else void this.waitForRoom(acks).then(release);
    };
    // Unacknowledged messages of a lost connection are redelivered by the broker: forget their acks.
    client.on('close', () => acks.clear());
    client.on('error', (error) => this.logger.warn({ err: error }, 'external broker connection error'));
    // Replaces the in-process broker's check (same name): aedes does not listen in this mode.
    this.health.register('broker', async () => ({
      broker: client.connected
        ? { status: 'up', mode: 'external', clientId }
        : { status: 'down', mode: 'external', clientId, message: 'not connected to MQTT_URL' },
    }));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`MQTT_URL: cannot reach ${redact(externalUrl)}`)),
        15_000,
      );
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    }).catch((error: Error) => {
      client.end(true);
      throw error;
    });
    const granted = await client.subscribeAsync(sharedFilters(shareGroup, topicPrefix), { qos: 1 });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0) throw new Error(`MQTT_URL: the broker refused ${refused.join(', ')}`);
    this.publishDerived(client, topicPrefix);
    this.logger.log(
      { clientId, group: shareGroup, prefix: topicPrefix },
      'consuming from the external broker',
    );
  }

  /** As PlatformPublisher does on aedes: graded samples on platform/readings/{station} after commit, QoS 0. */
  private publishDerived(client: MqttClient, prefix: string): void {
    this.derived = this.pipeline.committed$.subscribe(({ newSamples }) => {
      if (!client.connected) return; // QoS 0 and the store is the record: nothing to catch up
      const byStation = new Map<string, GradedSample[]>();
      for (const sample of newSamples)
        byStation.set(sample.station, [...(byStation.get(sample.station) ?? []), sample]);
      for (const [station, samples] of byStation) {
        client.publish(`${prefix}${topics.gradedReading(station)}`, JSON.stringify(samples), { qos: 0 });
      }
    });
  }

  /** At most this many messages received and not yet acknowledged per process (memory bound). */
  get maxUnacknowledged(): number {
    return Math.min(this.config.ingest.maxPending, 2 * this.config.ingest.batchMax);
  }

  private async waitForRoom(acks: OrderedAcks): Promise<void> {
    while (acks.size > this.maxUnacknowledged) await sleep(10);
  }

  /** Resolves true once the message is stored (or dead-lettered), false if it must be redelivered. */
  private async handle(packet: IPublishPacket): Promise<boolean> {
    const receivedAt = new Date();
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const topic = unprefixed(packet.topic.toString(), this.config.mqtt.topicPrefix);
    if (!topic) return true; // not ours: nothing to store
    if (topic.kind === 'status') {
      const online = payload.toString('utf8') === 'online';
      await this.retry(() => this.devices.markStation(topic.station, online));
      return !this.stopping;
    }
    if (topic.kind !== 'reading') return true;
    const device = claimedDevice(payload);
    const deviceStation =
      device === undefined
        ? undefined
        : ((await this.retry(() => this.devices.stationOf(device))) ?? UNREGISTERED_DEVICE);
    if (this.pipeline.saturated) await this.pipeline.whenUnsaturated();
    await this.pipeline.submit({
      topic: topic.topic,
      payload,
      device,
      deviceStation,
      receivedAt,
      source: 'mqtt',
    });
    return true;
  }

  /** Registry look-ups wait out a database outage like commits do (the message stays unacknowledged). */
  private async retry<T>(action: () => Promise<T>): Promise<T> {
    for (let delay = 100; ; delay = Math.min(delay * 2, 5000)) {
      try {
        return await action();
      } catch (error) {
        if (this.stopping) throw error;
        this.logger.warn({ err: error, retryInMs: delay }, 'device registry unavailable; ack held');
        await sleep(delay);
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.derived?.unsubscribe();
    if (!this.client) return;
    this.stopping = true;
    // Leave the group first so the broker sends new messages to the other processes.
    const { shareGroup, topicPrefix } = this.config.mqtt;
    if (this.client.connected) {
      await Promise.race([
        this.client.unsubscribeAsync(sharedFilters(shareGroup, topicPrefix)),
        sleep(2000),
      ]).catch(() => undefined);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    // The pipeline is still running: let what was received commit and be acknowledged (bounded wait).
    const deadline = Date.now() + 5000;
    while ((this.acks?.size ?? 0) > 0 && Date.now() < deadline) await sleep(20);
    await this.client.endAsync(false).catch(() => undefined);
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
