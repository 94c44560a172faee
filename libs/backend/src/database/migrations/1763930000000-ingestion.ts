import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ingestion (SPEC §5, §8): devices, the raw message journal replay reads, dead letters, graded samples
 * (always in PostgreSQL: the cases need them) and the PostgreSQL telemetry store: one row per
 * (station, parameter, sampling time), partitioned by month on sampling time. Partitions are created
 * on demand by the telemetry store before it writes a month it has not seen (see pg-telemetry.store.ts).
 */
export class Ingestion1763930000000 implements MigrationInterface {
  name = 'Ingestion1763930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE device (
        id text PRIMARY KEY,
        station_code text NOT NULL,
        secret_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        secret_rotated_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz,
        online boolean NOT NULL DEFAULT false
      )`);
    await q.query('CREATE INDEX device_station_idx ON device (station_code)');

    // Append-only: every accepted delivery, raw. new_samples = 0 marks a duplicate delivery (kept so
    // that the journal is the complete record of what devices sent; replay is idempotent anyway).
    await q.query(`
      CREATE TABLE message_journal (
        id bigserial PRIMARY KEY,
        received_at timestamptz NOT NULL,
        topic text NOT NULL,
        payload bytea NOT NULL,
        device_id text,
        station_code text,
        source text NOT NULL,
        new_samples integer NOT NULL
      )`);
    await q.query('CREATE INDEX message_journal_received_idx ON message_journal (received_at, id)');

    await q.query(`
      CREATE TABLE dead_letter (
        id bigserial PRIMARY KEY,
        received_at timestamptz NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        topic text NOT NULL,
        payload bytea NOT NULL,
        payload_size integer NOT NULL,
        device_id text,
        station_code text,
        source text NOT NULL
      )`);
    await q.query('CREATE INDEX dead_letter_received_idx ON dead_letter (received_at DESC, id DESC)');
    await q.query('CREATE INDEX dead_letter_reason_idx ON dead_letter (reason, received_at DESC)');
    await q.query('CREATE INDEX dead_letter_device_idx ON dead_letter (device_id, received_at DESC)');

    await q.query(`
      CREATE TABLE graded_sample (
        station_code text NOT NULL,
        ts timestamptz NOT NULL,
        device_id text,
        seq bigint,
        "values" jsonb NOT NULL,
        flags jsonb NOT NULL,
        classes jsonb NOT NULL,
        overall smallint,
        target_class smallint NOT NULL,
        compliant boolean,
        primary_pollutants jsonb NOT NULL,
        exceedance jsonb NOT NULL,
        implausible jsonb NOT NULL,
        source text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (station_code, ts)
      )`);

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

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE reading');
    await q.query('DROP TABLE graded_sample');
    await q.query('DROP TABLE dead_letter');
    await q.query('DROP TABLE message_journal');
    await q.query('DROP TABLE device');
  }
}
