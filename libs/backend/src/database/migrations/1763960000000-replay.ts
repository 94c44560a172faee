import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replay (SPEC §8, issue 10).
 * - replay_job: a durable job: parameters, state, progress and the checkpoint (last journal row
 *   processed, by (received_at, id), the journal's index order). Workers claim jobs with
 *   FOR UPDATE SKIP LOCKED and hold a lease they renew at every checkpoint, so two API processes never
 *   run one job; a job whose lease expired (its process died) is claimed again and resumes.
 * - replay_sample / replay_dead_letter: a sandbox run's results, keyed by run; one row per graded
 *   sample (its parameter readings in `values`), dead letters per journal row. values/flags/classes
 *   are JSON kept as text: written in bulk at replay speed, read rarely (report, plot: cast there).
 * Sandbox cases and rule state live in the cases tables with `run_id = 'replay-<id>'`. Deleting a
 * sandbox run must remove its case timeline too, so case_event's append-only trigger lets DELETE
 * through for sandbox cases only (live cases stay append-only).
 */
export class Replay1763960000000 implements MigrationInterface {
  name = 'Replay1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replay_job (
        id bigserial PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('queued', 'running', 'paused', 'completed', 'cancelled', 'failed')),
        target text NOT NULL CHECK (target IN ('sandbox', 'live', 'mqtt')),
        from_ts timestamptz NOT NULL,
        to_ts timestamptz NOT NULL,
        stations text[],
        rivers text[],
        speed double precision,
        evaluate_rules boolean NOT NULL DEFAULT true,
        rule_set jsonb,
        rule_set_name text,
        mqtt jsonb,
        total bigint NOT NULL DEFAULT 0,
        done bigint NOT NULL DEFAULT 0,
        checkpoint_id bigint,
        checkpoint_received_at timestamptz,
        counters jsonb NOT NULL DEFAULT '{}'::jsonb,
        report jsonb,
        error text,
        lease_owner text,
        lease_until timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX replay_job_claim_idx ON replay_job (id) WHERE state IN ('queued', 'running')`,
    );
    await q.query(`
      CREATE TABLE replay_sample (
        run_id bigint NOT NULL,
        station text NOT NULL,
        ts timestamptz NOT NULL,
        "values" text NOT NULL,
        flags text NOT NULL,
        classes text NOT NULL,
        overall smallint,
        compliant boolean,
        n_values smallint NOT NULL,
        PRIMARY KEY (run_id, station, ts)
      )`);
    await q.query(`
      CREATE TABLE replay_dead_letter (
        run_id bigint NOT NULL,
        journal_id bigint NOT NULL,
        station text,
        reason text NOT NULL,
        detail text NOT NULL,
        PRIMARY KEY (run_id, journal_id)
      )`);
    await q.query(`
      CREATE OR REPLACE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM river_case WHERE id = OLD.case_id AND run_id LIKE 'replay-%') THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'case_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query('DROP TABLE replay_dead_letter');
    await q.query('DROP TABLE replay_sample');
    await q.query('DROP TABLE replay_job');
  }
}
