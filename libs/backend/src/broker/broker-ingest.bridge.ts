import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { topics } from '@river/contracts';
import type { Aedes, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import type { Subscription as RxSubscription } from 'rxjs';
import { DevicesService } from '../devices/devices.service';
import { IngestMetrics } from '../ingestion/ingest-metrics';
import { IngestPipeline } from '../ingestion/ingest-pipeline.service';
import { BrokerService } from './broker.service';
import { AuthGuard } from '../identity/auth.guard';
import { maySubscribe, operatorMaySubscribe, publishDecision, type DeviceIdentity } from './device-acl';

// MQTT 3.1.1 CONNACK return codes [MQTT-3.2.2.3]
const IDENTIFIER_REJECTED = 2;
const BAD_USERNAME_OR_PASSWORD = 4;
const NOT_AUTHORIZED = 5;

/** CONNECT attempts per device id per window: bounds scrypt work and takeover flapping. */
const CONNECT_ATTEMPTS = 10;
const CONNECT_WINDOW_MS = 10_000;

function refuse(returnCode: number, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

/**
 * Hooks the in-process aedes broker into device authentication, the ACL and durable ingestion.
 *
 * Durability: aedes 1.x writes the PUBACK of a QoS 1 PUBLISH right after `authorizePublish` calls back
 * and before subscribers see the message (aedes lib/handlers/publish.js), so the reading is handed to
 * the ingestion pipeline here and the callback runs only once its batch (or its dead letter) is
 * committed. aedes handles a socket read's packets together and reads the next chunk only when they are
 * done, so a slow store stops reading devices (TCP backpressure) instead of growing memory.
 *
 * One connection per device: client id = username = device id, so a second CONNECT takes the session
 * over (MQTT-3.1.4-2) and CONNECT attempts are rate-limited per device id.
 */
@Injectable()
export class BrokerIngestBridge implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('broker-auth');
  private readonly identities = new WeakMap<Client, DeviceIdentity>();
  /** operators' clients (username = operator, password = access or API token): read-only on platform/# */
  private readonly operators = new WeakMap<Client, string>();
  private readonly attempts = new Map<string, { count: number; since: number }>();
  private broker?: Aedes;
  private revoked?: RxSubscription;

  constructor(
    private readonly brokerService: BrokerService,
    private readonly devices: DevicesService,
    private readonly pipeline: IngestPipeline,
    private readonly metrics: IngestMetrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.brokerService.configure(
      {
        maxClientsIdLength: 128,
        authenticate: (client, username, password, done) =>
          void this.authenticate(client, username, password, done),
        authorizePublish: (client, packet, done) => this.authorizePublish(client, packet, done),
        authorizeSubscribe: (client, sub, done) => this.authorizeSubscribe(client, sub, done),
      },
      (broker) => this.attach(broker),
    );
    this.revoked = this.devices.revoked$.subscribe((deviceId) => this.clientOf(deviceId)?.close());
  }

  onModuleDestroy(): void {
    this.revoked?.unsubscribe();
  }

  private attach(broker: Aedes): void {
    this.broker = broker;
    void this.devices
      .resetOnline()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not reset device states'));
    broker.on('clientReady', (client) => {
      const device = this.identities.get(client);
      if (device) this.devices.markOnline(device.deviceId, true);
    });
    broker.on('clientDisconnect', (client) => {
      const device = this.identities.get(client);
      if (!device) return;
      // a takeover disconnects the old client after the new one connected: the device is still online
      const current = this.clientOf(client.id);
      if (current && current !== client) return;
      this.devices.markOnline(device.deviceId, false);
      // a clean DISCONNECT sends no will: keep the retained status true to the state anyway
      broker.publish(
        {
          cmd: 'publish',
          topic: topics.status(device.station),
          payload: Buffer.from('offline'),
          qos: 1,
          retain: true,
          dup: false,
        },
        () => undefined,
      );
    });
  }

  /** aedes keeps connected clients by id (not in its type declarations). */
  private clientOf(id: string): Client | undefined {
    return (this.broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients?.[id];
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): Promise<void> {
    const deviceId = client.id;
    const deny = (code: number, kind: string, message: string) => {
      this.metrics.recordRefusal(kind);
      this.logger.warn({ deviceId, kind }, `MQTT connect refused: ${message}`);
      done(refuse(code, message), null);
    };
    if (!username || !password)
      return deny(BAD_USERNAME_OR_PASSWORD, 'missing_credentials', 'username and password are required');
    const key = username === deviceId ? deviceId : `operator:${username}`;
    if (!this.allowAttempt(key)) return deny(NOT_AUTHORIZED, 'connect_rate', 'too many connection attempts');
    try {
      if (username === deviceId) {
        const result = await this.devices.authenticate(deviceId, password.toString('utf8'));
        if (result.ok) {
          this.identities.set(client, { deviceId, station: result.station });
          return done(null, true);
        }
        if (result.reason !== 'unknown_device') {
          const code = result.reason === 'disabled' ? NOT_AUTHORIZED : BAD_USERNAME_OR_PASSWORD;
          return deny(code, result.reason, result.reason.replace('_', ' '));
        }
      }
      const operator = await this.operatorLogin(username, password.toString('utf8'));
      // an operator's client must not take over a device's session (client id = device id)
      if (operator === 'ok' && username !== deviceId && (await this.devices.isDevice(deviceId))) {
        return deny(IDENTIFIER_REJECTED, 'client_id_is_device', 'this client id belongs to a device');
      }
      if (operator === 'ok') {
        this.operators.set(client, username);
        return done(null, true);
      }
      if (operator === 'not_operator')
        return deny(NOT_AUTHORIZED, 'not_operator', 'only operators may log in with a token');
      if (username !== deviceId)
        return deny(
          IDENTIFIER_REJECTED,
          'client_id_mismatch',
          'client id must equal the username (device id)',
        );
      return deny(BAD_USERNAME_OR_PASSWORD, 'unknown_device', 'unknown device');
    } catch (error) {
      this.logger.error({ err: error, deviceId }, 'device authentication failed');
      done(refuse(3, 'server unavailable'), null);
    }
  }

  /** Operator login: username = the operator's username, password = a valid access token or API token. */
  private async operatorLogin(username: string, token: string): Promise<'ok' | 'not_operator' | 'invalid'> {
    let guard: AuthGuard;
    try {
      guard = this.moduleRef.get(AuthGuard, { strict: false });
    } catch {
      return 'invalid'; // no identity module in this process
    }
    const principal = await guard.authenticate(token).catch(() => undefined);
    if (!principal || principal.username !== username) return 'invalid';
    return principal.role === 'operator' ? 'ok' : 'not_operator';
  }

  private allowAttempt(deviceId: string): boolean {
    const now = Date.now();
    const entry = this.attempts.get(deviceId);
    if (!entry || now - entry.since > CONNECT_WINDOW_MS) {
      if (this.attempts.size > 50_000) this.attempts.clear();
      this.attempts.set(deviceId, { count: 1, since: now });
      return true;
    }
    entry.count++;
    return entry.count <= CONNECT_ATTEMPTS;
  }

  private authorizePublish(
    client: Client | null,
    packet: PublishPacket,
    done: (error?: Error | null) => void,
  ): void {
    if (!client) return done(null); // the platform's own publishes
    const device = this.identities.get(client);
    if (!device) {
      this.metrics.recordRefusal('publish_acl');
      return done(
        new Error(this.operators.has(client) ? 'operators are read-only on the broker' : 'not authenticated'),
      );
    }
    const decision = publishDecision(device, packet.topic);
    if (decision === 'status') {
      const online = Buffer.from(packet.payload).toString('utf8') === 'online';
      this.devices.markOnline(device.deviceId, online);
      return done(null);
    }
    if (decision === 'deny') {
      this.metrics.recordRefusal('publish_acl');
      this.logger.warn(
        { deviceId: device.deviceId, topic: packet.topic.slice(0, 200) },
        'MQTT publish refused (ACL)',
      );
      return done(new Error('not authorized to publish on this topic'));
    }
    const message = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      device: device.deviceId,
      deviceStation: device.station,
      receivedAt: new Date(),
      source: 'mqtt' as const,
    };
    const ingest = this.pipeline.saturated
      ? this.pipeline.whenUnsaturated().then(() => this.pipeline.submit(message))
      : this.pipeline.submit(message);
    // The ack (and forwarding) happen only after commit; on shutdown the client is dropped unacked and resends.
    ingest.then(
      () => done(null),
      (error: Error) => done(error),
    );
  }

  private authorizeSubscribe(
    client: Client,
    sub: Subscription,
    done: (error: Error | null, sub?: Subscription | null) => void,
  ): void {
    if (!client) return done(null, sub);
    const device = this.identities.get(client);
    if (device && maySubscribe(device, sub.topic)) return done(null, sub);
    if (this.operators.has(client) && operatorMaySubscribe(sub.topic)) return done(null, sub);
    this.metrics.recordRefusal('subscribe_acl');
    this.logger.warn(
      { deviceId: device?.deviceId ?? client.id, topic: sub.topic.slice(0, 200) },
      'MQTT subscribe refused (ACL)',
    );
    done(null, null); // SUBACK 0x80 for this filter [MQTT-3.9.3]; the connection stays up
  }
}
