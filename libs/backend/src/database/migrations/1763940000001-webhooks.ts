import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions and their delivery outbox: each event is stored per subscription and
 * delivered by a poller (FOR UPDATE SKIP LOCKED) with exponential backoff, so deliveries survive
 * restarts and several processes never send the same delivery at once.
 */
export class Webhooks1763940000001 implements MigrationInterface {
  name = 'Webhooks1763940000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        secret text NOT NULL,
        event_types text[],
        provinces text[],
        river text,
        active boolean NOT NULL DEFAULT true,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id bigserial PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
        event_type text NOT NULL,
        body text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        failed_at timestamptz,
        last_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at)
      WHERE delivered_at IS NULL AND failed_at IS NULL`);
    await q.query('CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_delivery');
    await q.query('DROP TABLE webhook');
  }
}
