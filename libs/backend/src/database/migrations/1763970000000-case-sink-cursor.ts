import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case workflow as a durable consumer of committed graded samples (docs/INGESTION.md).
 * - graded_sample.commit_xid: the id of the transaction that stored the row (default, so every writer
 *   — live ingestion, a replay's live target — sets it without knowing). Rows are read in
 *   (commit_xid, station, sampling time) order, and only below the oldest transaction still running
 *   (pg_snapshot_xmin): a transaction that started earlier but commits later can then never be skipped,
 *   which a plain sequence would allow with several commits in flight. Rows stored before this
 *   migration have none and are not fed again (the live path evaluated them).
 * - sink_cursor: the last row handed to the sink successfully, one row per consumer ('cases').
 */
export class CaseSinkCursor1763970000000 implements MigrationInterface {
  name = 'CaseSinkCursor1763970000000';

  async up(q: QueryRunner): Promise<void> {
    // ADD COLUMN then SET DEFAULT: existing rows stay NULL (no table rewrite)
    await q.query('ALTER TABLE graded_sample ADD COLUMN commit_xid xid8');
    await q.query('ALTER TABLE graded_sample ALTER COLUMN commit_xid SET DEFAULT pg_current_xact_id()');
    await q.query('CREATE INDEX graded_sample_commit_xid ON graded_sample (commit_xid)');
    await q.query(`
      CREATE TABLE sink_cursor (
        name text PRIMARY KEY,
        commit_xid xid8 NOT NULL,
        station_code text NOT NULL,
        ts timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO sink_cursor (name, commit_xid, station_code, ts) VALUES ('cases', '0', '', '-infinity')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sink_cursor');
    await q.query('DROP INDEX graded_sample_commit_xid');
    await q.query('ALTER TABLE graded_sample DROP COLUMN commit_xid');
  }
}
