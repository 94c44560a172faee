import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { BrokerService } from '../broker/broker.service';
import { EventsBridge } from './events-bridge';
import { PlatformEvent } from './platform-event';
import { WebhookOutbox } from './webhook-outbox.service';

/**
 * The one door for telling the world: MQTT (in-process broker when this process runs it), SSE
 * subscribers of this process, and the webhook outbox (durable, retried, signed).
 *
 * Publishing never fails the caller's business transaction: MQTT/SSE are best effort (a lost live
 * notification is visible in the case timeline anyway); webhooks go through the outbox table.
 * With `api` and `ingest` as separate processes, the EventsBridge (PostgreSQL LISTEN/NOTIFY) hands each
 * event to the other processes: SSE clients of the API see what ingestion did, and the process that
 * runs the broker publishes on MQTT what an HTTP action did.
 */
@Injectable()
export class EventsService implements OnModuleInit {
  private readonly logger = new Logger('events');
  private readonly subject = new Subject<PlatformEvent>();

  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly bridge: EventsBridge,
    @Optional() private readonly broker?: BrokerService,
  ) {}

  onModuleInit(): void {
    // events of other processes: to this process's SSE clients and, if it runs the broker, to MQTT
    this.bridge.onForeignEvent((event) => {
      this.subject.next(event);
      this.publishMqtt(event);
    });
  }

  /** Live events of this process (SSE). */
  get stream(): Observable<PlatformEvent> {
    return this.subject.asObservable();
  }

  /**
   * `webhooksEnqueued`: the caller already stored the webhook deliveries in its own transaction
   * (`WebhookOutbox.enqueue(event, manager)`), so they are exactly as durable as the change itself.
   */
  async publish(event: PlatformEvent, options: { webhooksEnqueued?: boolean } = {}): Promise<void> {
    this.subject.next(event);
    this.publishMqtt(event);
    void this.bridge.send(event);
    if (options.webhooksEnqueued) return;
    try {
      await this.outbox.enqueue(event);
    } catch (error) {
      this.logger.error({ err: error, type: event.type }, 'could not enqueue webhook deliveries');
    }
  }

  private publishMqtt(event: PlatformEvent): void {
    let instance;
    try {
      instance = this.broker?.instance;
    } catch {
      return; // broker not started in this process (api-only role): MQTT is the ingest process's job
    }
    if (!instance) return;
    const payload = Buffer.from(
      JSON.stringify({
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        ...asObject(event.payload),
      }),
    );
    instance.publish(
      { topic: event.topic, payload, qos: 1, retain: false, cmd: 'publish', dup: false },
      (error) => {
        if (error) this.logger.warn({ err: error, topic: event.topic }, 'MQTT publish failed');
      },
    );
  }
}

function asObject(payload: unknown): Record<string, unknown> {
  return payload && typeof payload === 'object' && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : { payload };
}
