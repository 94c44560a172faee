import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { eventEnvelope, PlatformEvent } from './platform-event';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, signBody } from './webhook-signature';

interface DueDelivery {
  id: string;
  event_type: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Webhook outbox: `enqueue` stores one delivery per matching subscription; a poller sends due
 * deliveries (FOR UPDATE SKIP LOCKED, so several processes never send the same one) and retries with
 * exponential backoff. Deliveries survive restarts.
 */
@Injectable()
export class WebhookOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const every = Math.min(this.config.cases.schedulerIntervalMs, 2000);
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Pass the caller's transaction manager to store deliveries atomically with the business change. */
  async enqueue(event: PlatformEvent, manager?: EntityManager): Promise<number> {
    const body = JSON.stringify(eventEnvelope(event));
    const rows: unknown[] = await (manager ?? this.db).query(
      `INSERT INTO webhook_delivery (webhook_id, event_type, body)
       SELECT id, $1, $2 FROM webhook
       WHERE active
         AND (event_types IS NULL OR cardinality(event_types) = 0 OR $1 = ANY(event_types))
         AND (provinces IS NULL OR cardinality(provinces) = 0 OR provinces && $3::text[])
         AND (river IS NULL OR river = $4)
       RETURNING id`,
      [event.type, body, event.province ?? [], event.river ?? null],
    );
    return rows.length;
  }

  /** One polling round; exposed so tests need not wait for the timer. */
  async tick(): Promise<void> {
    if (this.running || this.stopped) return this.running;
    this.running = this.deliverDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook delivery round failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverDue(): Promise<void> {
    await this.db.transaction(async (m) => {
      const due: DueDelivery[] = await m.query(
        `SELECT d.id, d.event_type, d.body, d.attempts, w.url, w.secret
         FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
         WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at, d.id LIMIT 20
         FOR UPDATE OF d SKIP LOCKED`,
      );
      for (const d of due) {
        const outcome = await send(d);
        if (outcome.ok) {
          await m.query(
            'UPDATE webhook_delivery SET delivered_at = now(), attempts = attempts + 1, last_status = $2 WHERE id = $1',
            [d.id, outcome.status],
          );
          continue;
        }
        const attempts = d.attempts + 1;
        await m.query(
          `UPDATE webhook_delivery SET attempts = $2, last_status = $3, last_error = $4,
             next_attempt_at = now() + ($5 || ' milliseconds')::interval,
             failed_at = CASE WHEN $2 >= $6 THEN now() ELSE NULL END
           WHERE id = $1`,
          [
            d.id,
            attempts,
            outcome.status ?? null,
            outcome.error,
            String(retryDelayMs(attempts)),
            MAX_DELIVERY_ATTEMPTS,
          ],
        );
      }
    });
  }
}

async function send(d: DueDelivery): Promise<{ ok: boolean; status?: number; error?: string }> {
  try {
    const response = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-river-event': d.event_type,
        'x-river-delivery': d.id,
        'x-river-signature': signBody(d.secret, d.body),
      },
      body: d.body,
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
