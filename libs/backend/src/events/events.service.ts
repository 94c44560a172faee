import { Injectable, Logger, Optional } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { BrokerService } from '../broker/broker.service';
import { PlatformEvent } from './platform-event';
import { WebhookOutbox } from './webhook-outbox.service';

/**
 * The one door for telling the world: MQTT (in-process broker when this process runs it), SSE
 * subscribers of this process, and the webhook outbox (durable, retried, signed).
 *
 * Publishing never fails the caller's business transaction: MQTT/SSE are best effort (a lost live
 * notification is visible in the case timeline anyway); webhooks go through the outbox table.
 * Limitation: with `api` and `ingest` in separate processes, SSE clients of the api process only see
 * events published in that process (HTTP actions); cases opened by ingestion reach them via MQTT
 * and webhooks. The single-process role `all` (the default) sees everything.
 */
@Injectable()
export class EventsService {
  private readonly logger = new Logger('events');
  private readonly subject = new Subject<PlatformEvent>();

  constructor(
    private readonly outbox: WebhookOutbox,
    @Optional() private readonly broker?: BrokerService,
  ) {}

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
