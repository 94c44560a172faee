import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint inspection (联动督察, SPEC §7): campaigns, their problem lists, the append-only timeline of every
 * move (a trigger refuses UPDATE/DELETE/TRUNCATE) and the reminders already sent (so the polling
 * scheduler never repeats one, whichever process sends it).
 */
export class Problems1763950000000 implements MigrationInterface {
  name = 'Problems1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inspection_campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        basin text NOT NULL,
        rivers text[] NOT NULL DEFAULT '{}',
        station_codes text[] NOT NULL DEFAULT '{}',
        starts_on date NOT NULL,
        ends_on date,
        joint boolean NOT NULL,
        provinces text[] NOT NULL CHECK (provinces <@ ARRAY['CQ', 'SC'] AND cardinality(provinces) > 0),
        inspector_ids text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'active', 'closed')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`
      CREATE TABLE inspection_problem (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES inspection_campaign(id),
        seq integer NOT NULL CHECK (seq > 0),
        title text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL CHECK (category IN
          ('domestic_sewage', 'industrial', 'agricultural_non_point', 'livestock_poultry', 'aquaculture', 'other')),
        province text NOT NULL CHECK (province IN ('CQ', 'SC')),
        district text NOT NULL,
        found_by text NOT NULL CHECK (found_by IN ('CQ', 'SC')),
        severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
        location_text text NOT NULL DEFAULT '',
        lat double precision,
        lon double precision,
        station_codes text[] NOT NULL DEFAULT '{}',
        case_ids text[] NOT NULL DEFAULT '{}',
        evidence text[] NOT NULL DEFAULT '{}',
        note text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'found' CHECK (state IN
          ('found', 'handed_over', 'rectifying', 'submitted', 'verified', 'closed')),
        deadline timestamptz,
        plan text,
        rectification_evidence text[] NOT NULL DEFAULT '{}',
        verifications jsonb NOT NULL DEFAULT '[]'::jsonb,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT inspection_problem_seq_key UNIQUE (campaign_id, seq),
        CHECK ((lat IS NULL) = (lon IS NULL)),
        CHECK (state = 'found' OR deadline IS NOT NULL),
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      )`);
    await q.query(
      'CREATE INDEX inspection_problem_jurisdiction_idx ON inspection_problem (campaign_id, province, district)',
    );
    // the reminder poll reads open problems by deadline
    await q.query(`CREATE INDEX inspection_problem_deadline_idx ON inspection_problem (deadline)
      WHERE state IN ('handed_over', 'rectifying')`);
    await q.query(`
      CREATE TABLE problem_event (
        id bigserial PRIMARY KEY,
        problem_id uuid NOT NULL REFERENCES inspection_problem(id),
        campaign_id uuid NOT NULL REFERENCES inspection_campaign(id),
        action text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        actor_id text,
        actor_name text,
        role text,
        province text,
        note text,
        detail jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX problem_event_problem_idx ON problem_event (problem_id, id)');
    await q.query(`
      CREATE FUNCTION problem_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'problem_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER problem_event_no_update_delete BEFORE UPDATE OR DELETE ON problem_event
      FOR EACH ROW EXECUTE FUNCTION problem_event_append_only()`);
    await q.query(`
      CREATE TRIGGER problem_event_no_truncate BEFORE TRUNCATE ON problem_event
      FOR EACH STATEMENT EXECUTE FUNCTION problem_event_append_only()`);
    await q.query(`
      CREATE TABLE problem_reminder (
        problem_id uuid NOT NULL REFERENCES inspection_problem(id),
        kind text NOT NULL CHECK (kind IN ('due_soon', 'due')),
        deadline timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (problem_id, kind, deadline)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE problem_reminder');
    await q.query('DROP TABLE problem_event');
    await q.query('DROP FUNCTION problem_event_append_only()');
    await q.query('DROP TABLE inspection_problem');
    await q.query('DROP TABLE inspection_campaign');
  }
}
