import { MigrationInterface, QueryRunner } from 'typeorm';

const PARAMETERS = ['temp', 'ph', 'do', 'cond', 'turb', 'codmn', 'cod', 'nh3n', 'tp', 'tn'];

/**
 * The PostgreSQL telemetry store keeps one row per (station, sampling time) with a value, flag and class
 * column per parameter (SPEC §3 keys) instead of one row per parameter: ~9× fewer rows and index entries
 * per reading, which is what limited durable ingestion throughput (docs/BENCHMARKS.md). Dedupe stays per
 * (station, parameter, sampling time): a later message only fills parameters still empty
 * (pg-telemetry.store.ts). Still partitioned by month on sampling time.
 */
export class TelemetryWide1763930000001 implements MigrationInterface {
  name = 'TelemetryWide1763930000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reading');
    const columns = PARAMETERS.map((p) => `v_${p} double precision, f_${p} char(1), c_${p} smallint`).join(
      ',\n        ',
    );
    await q.query(`
      CREATE TABLE reading (
        station_code text NOT NULL,
        ts timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        ${columns},
        PRIMARY KEY (station_code, ts)
      ) PARTITION BY RANGE (ts)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reading');
    await q.query(`
      CREATE TABLE reading (
        station_code text NOT NULL,
        parameter text NOT NULL,
        ts timestamptz NOT NULL,
        value double precision NOT NULL,
        flag char(1) NOT NULL,
        class smallint,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (station_code, parameter, ts)
      ) PARTITION BY RANGE (ts)`);
  }
}
