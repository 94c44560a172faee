import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Aedes, AedesOptions } from 'aedes';
import { createServer as createAedesServer } from 'aedes-server-factory';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HealthRegistry } from '../health/health.registry';
import { portInUse } from '../bootstrap/startup-error';
import { guardPacketSize, HARD_PACKET_LIMIT } from './packet-size-guard';

/**
 * The in-process aedes broker (SPEC §5). Features hook into it through `configure()` before it
 * listens (authentication, authorisation, durable acknowledgement). It listens on MQTT_PORT once the
 * application has initialised, so that a port in use is reported by name.
 */
@Injectable()
export class BrokerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('broker');
  private broker?: Aedes;
  private servers: Server[] = [];
  private readonly options: AedesOptions = {};
  private readonly setups: Array<(broker: Aedes) => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('broker', async () => ({
      broker: this.servers.some((s) => s.listening)
        ? { status: 'up', port: this.port, clients: this.broker?.connectedClients ?? 0 }
        : { status: 'down' },
    }));
  }

  /** Adds aedes options (hooks) and a setup function run on the created broker. Call before listen(). */
  configure(options: Partial<AedesOptions>, setup?: (broker: Aedes) => void): void {
    Object.assign(this.options, options);
    if (setup) this.setups.push(setup);
  }

  get instance(): Aedes {
    if (!this.broker) throw new Error('the broker is not started');
    return this.broker;
  }

  get port(): number | undefined {
    const address = this.servers[0]?.address() as AddressInfo | null;
    return address?.port;
  }

  async listen(): Promise<number> {
    this.broker = await Aedes.createBroker({ id: 'river-broker', ...this.options });
    for (const setup of this.setups) setup(this.broker);
    const broker = this.broker;
    const refused = () => this.logger.warn('MQTT packet over the hard size limit: connection closed');
    const server = createServer((socket) =>
      broker.handle(guardPacketSize(socket, HARD_PACKET_LIMIT, refused)),
    );
    await this.start(server, 'MQTT_PORT', this.config.mqtt.port);
    // Optional listeners (SPEC §5): MQTT over TLS and over WebSocket, same broker, same hooks.
    const tls = this.config.mqtt.tls;
    if (tls) {
      const options = { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) };
      const tlsServer = createTlsServer(options, (socket) =>
        broker.handle(guardPacketSize(socket, HARD_PACKET_LIMIT, refused)),
      );
      await this.start(tlsServer, 'MQTT_TLS_PORT', tls.port);
    }
    if (this.config.mqtt.wsPort !== undefined) {
      const wsServer = createAedesServer(broker, { ws: true });
      await this.start(wsServer as unknown as Server, 'MQTT_WS_PORT', this.config.mqtt.wsPort);
    }
    this.logger.log({ port: this.port }, 'MQTT broker listening');
    return this.port ?? 0;
  }

  /** Listening ports in order: TCP, then TLS and WebSocket when configured. */
  get ports(): number[] {
    return this.servers.map((s) => (s.address() as AddressInfo | null)?.port ?? 0);
  }

  private async start(server: Server, variable: string, port: number): Promise<void> {
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(portInUse(variable, port, error)));
      server.listen(port, this.config.mqtt.host, () => resolve());
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Stop accepting first, then let aedes disconnect its clients so the servers can finish closing.
    const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    const broker = this.broker;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    await Promise.all(closed);
    this.servers = [];
  }
}
