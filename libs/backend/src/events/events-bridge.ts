import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, Notification, Pool } from 'pg';
import { DATABASE_URL } from '../core/core.module';
import type { PlatformEvent } from './platform-event';

/**
 * Carries platform events between processes through PostgreSQL LISTEN/NOTIFY, so that with `api` and
 * `ingest` as separate processes an SSE client of the API still sees the case that ingestion opened,
 * and the ingestion process (which runs the broker) still publishes on MQTT what an HTTP action changed.
 * Best effort like SSE and MQTT themselves: webhooks have their durable outbox, and the case timeline is
 * the record. NOTIFY payloads are capped at 8000 bytes: larger events travel without their payload.
 */
const CHANNEL = 'river_platform_events';
const MAX_NOTIFY_BYTES = 7900;

interface Envelope {
  origin: string;
  event: Omit<PlatformEvent, 'occurredAt'> & { occurredAt: string; truncated?: boolean };
}

@Injectable()
export class EventsBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('events-bridge');
  private readonly origin = randomUUID();
  private listener?: Client;
  /** a pool, not one client: events are sent concurrently and pg clients run one query at a time */
  private publisher?: Pool;
  private closing = false;
  private handler: (event: PlatformEvent) => void = () => undefined;

  constructor(@Inject(DATABASE_URL) private readonly databaseUrl: string) {}

  /** Where events from other processes go (EventsService wires this up). */
  onForeignEvent(handler: (event: PlatformEvent) => void): void {
    this.handler = handler;
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([this.listener?.end(), this.publisher?.end()].map((p) => p?.catch(() => undefined)));
  }

  /** Sends an event to the other processes (never throws). */
  async send(event: PlatformEvent): Promise<void> {
    if (!this.publisher || this.closing) return;
    const envelope: Envelope = {
      origin: this.origin,
      event: { ...event, occurredAt: event.occurredAt.toISOString() },
    };
    let text = JSON.stringify(envelope);
    if (Buffer.byteLength(text) > MAX_NOTIFY_BYTES) {
      text = JSON.stringify({ ...envelope, event: { ...envelope.event, payload: null, truncated: true } });
    }
    try {
      await this.publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
    } catch (error) {
      this.logger.warn({ err: error, type: event.type }, 'could not relay the event to other processes');
    }
  }

  private async connect(): Promise<void> {
    const listener = new Client({ connectionString: this.databaseUrl, application_name: 'river-events' });
    const publisher = new Pool({
      connectionString: this.databaseUrl,
      application_name: 'river-events',
      max: 2,
    });
    listener.on('error', (error) => this.lost(error));
    publisher.on('error', (error) =>
      this.logger.warn({ err: error }, 'event relay publisher connection failed'),
    );
    listener.on('notification', (message) => this.receive(message));
    try {
      await listener.connect();
      await listener.query(`LISTEN ${CHANNEL}`);
      this.listener = listener;
      this.publisher = publisher;
    } catch (error) {
      await Promise.all([listener.end(), publisher.end()].map((p) => p.catch(() => undefined)));
      this.lost(error);
    }
  }

  private lost(error: unknown): void {
    if (this.closing) return;
    this.logger.warn({ err: error }, 'event relay connection lost; reconnecting in 2 s');
    const publisher = this.publisher;
    this.listener = this.publisher = undefined;
    void publisher?.end().catch(() => undefined);
    setTimeout(() => void (this.closing ? undefined : this.connect()), 2000).unref();
  }

  private receive(message: Notification): void {
    if (!message.payload) return;
    try {
      const { origin, event } = JSON.parse(message.payload) as Envelope;
      if (origin === this.origin) return;
      this.handler({ ...event, occurredAt: new Date(event.occurredAt) });
    } catch (error) {
      this.logger.warn({ err: error }, 'unreadable relayed event');
    }
  }
}
