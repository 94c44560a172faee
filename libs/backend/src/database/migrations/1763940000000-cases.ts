import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * River chief cases (SPEC §6).
 * - station_alert_state: the alert rules' memory per station (last sampling time evaluated, rule
 *   states), one row per station and run ('' = live, else a sandbox replay run). Locked FOR UPDATE
 *   while a batch is evaluated, so concurrent batches of one station are serialised.
 * - river_case: one live case per station, episode kind and run — enforced by a partial unique index,
 *   so two readings arriving milliseconds apart can never open two cases. `next_due_at` is the
 *   scheduler's due time (escalation), polled with FOR UPDATE SKIP LOCKED.
 * - case_event: the timeline, append-only (a trigger refuses UPDATE/DELETE/TRUNCATE).
 */
export class Cases1763940000000 implements MigrationInterface {
  name = 'Cases1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station_alert_state (
        station text NOT NULL,
        run_id text NOT NULL DEFAULT '',
        state jsonb NOT NULL DEFAULT '{"rules":{},"recentExceedances":[]}'::jsonb,
        last_ts timestamptz,
        cadence_minutes integer,
        silence_due_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station, run_id)
      )`);
    await q.query(
      `CREATE INDEX station_alert_state_silence_idx ON station_alert_state (silence_due_at) WHERE run_id = '' AND silence_due_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE station_alert_rules (
        station text PRIMARY KEY,
        settings jsonb NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE river_case (
        id bigserial PRIMARY KEY,
        run_id text,
        station text NOT NULL,
        station_name text NOT NULL,
        river text NOT NULL,
        province text NOT NULL,
        district text NOT NULL,
        episode text NOT NULL CHECK (episode IN ('pollution', 'instrument_fault', 'no_data')),
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'dispatched', 'resolved', 'closed', 'dismissed')),
        joint boolean NOT NULL DEFAULT false,
        provinces text[] NOT NULL,
        districts text[] NOT NULL,
        acknowledged_by text[] NOT NULL DEFAULT '{}',
        close_confirmed_by text[] NOT NULL DEFAULT '{}',
        rules text[] NOT NULL,
        opened_at timestamptz NOT NULL,
        last_finding_at timestamptz NOT NULL,
        overall smallint,
        target_class smallint,
        primary_pollutants text[] NOT NULL DEFAULT '{}',
        exceedance jsonb NOT NULL DEFAULT '{}'::jsonb,
        readings jsonb NOT NULL DEFAULT '[]'::jsonb,
        attribution jsonb NOT NULL DEFAULT '[]'::jsonb,
        arrivals jsonb NOT NULL DEFAULT '[]'::jsonb,
        chiefs jsonb NOT NULL DEFAULT '[]'::jsonb,
        dispatch_to text,
        dispatch_deadline timestamptz,
        resolution jsonb,
        dismiss_reason text,
        resolution_proposed_at timestamptz,
        escalation_level text NOT NULL DEFAULT 'township',
        last_escalated_at timestamptz,
        sla_since timestamptz NOT NULL DEFAULT now(),
        next_due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE UNIQUE INDEX river_case_one_live_per_episode ON river_case (station, episode, coalesce(run_id, ''))
      WHERE state NOT IN ('closed', 'dismissed')`);
    await q.query(
      'CREATE INDEX river_case_due_idx ON river_case (next_due_at) WHERE run_id IS NULL AND next_due_at IS NOT NULL',
    );
    await q.query('CREATE INDEX river_case_list_idx ON river_case (id DESC) WHERE run_id IS NULL');
    await q.query(`
      CREATE TABLE case_event (
        id bigserial PRIMARY KEY,
        case_id bigint NOT NULL REFERENCES river_case(id),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        kind text NOT NULL,
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
        user_id text,
        username text,
        role text,
        province text,
        note text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query('CREATE INDEX case_event_case_idx ON case_event (case_id, id)');
    await q.query(`
      CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_event_no_update_delete BEFORE UPDATE OR DELETE ON case_event
      FOR EACH ROW EXECUTE FUNCTION case_event_append_only()`);
    await q.query(`
      CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event
      FOR EACH STATEMENT EXECUTE FUNCTION case_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_event');
    await q.query('DROP FUNCTION case_event_append_only()');
    await q.query('DROP TABLE river_case');
    await q.query('DROP TABLE station_alert_rules');
    await q.query('DROP TABLE station_alert_state');
  }
}
