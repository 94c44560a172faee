import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Append-only audit trail of every state-changing request and of non-HTTP actors (scheduler, ingestion).
 * A trigger refuses UPDATE, DELETE and TRUNCATE, so not even the application can rewrite history.
 */
export class AuditLog1763920000001 implements MigrationInterface {
  name = 'AuditLog1763920000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'machine', 'anonymous', 'system')),
        user_id text,
        username text,
        role text,
        province text,
        action text NOT NULL,
        target jsonb NOT NULL DEFAULT '{}'::jsonb,
        status integer,
        request_id text,
        detail jsonb
      )`);
    await q.query('CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)');
    await q.query('CREATE INDEX audit_log_username_idx ON audit_log (username, id DESC)');
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
    await q.query('DROP FUNCTION audit_log_append_only()');
  }
}
