import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case-sink feeder reads graded_sample in (commit_xid, station, sampling time) order from its cursor
 * with a LIMIT: an index in exactly that order lets it stop after the rows it takes, instead of reading
 * and sorting the whole backlog on every pass (replaces the commit_xid-only index).
 */
export class CaseSinkOrderIndex1763970000002 implements MigrationInterface {
  name = 'CaseSinkOrderIndex1763970000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX graded_sample_commit_order ON graded_sample (commit_xid, station_code, ts)');
    await q.query('DROP INDEX graded_sample_commit_xid');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX graded_sample_commit_xid ON graded_sample (commit_xid)');
    await q.query('DROP INDEX graded_sample_commit_order');
  }
}
