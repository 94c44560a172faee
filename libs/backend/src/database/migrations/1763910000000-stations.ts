import { defaultCatalogue } from '@river/catalogue';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { stationToRow, STATION_COLUMNS } from '../../stations/station-row';

/**
 * The station catalogue (SPEC §4), seeded with the default catalogue (libs/catalogue/data/stations.json)
 * at first start. Migrations run under the advisory lock, so processes starting together seed it once;
 * ON CONFLICT keeps it idempotent. Later catalogue changes go through the import API, not this migration.
 */
export class Stations1763910000000 implements MigrationInterface {
  name = 'Stations1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_verified boolean NOT NULL,
        river text NOT NULL,
        river_verified boolean,
        basin text NOT NULL,
        water_body text NOT NULL CHECK (water_body IN ('river', 'lake')),
        province text NOT NULL CHECK (province IN ('CQ', 'SC')),
        district text NOT NULL,
        lat double precision NOT NULL,
        lon double precision NOT NULL,
        target_class smallint NOT NULL CHECK (target_class BETWEEN 1 AND 5),
        kind text NOT NULL CHECK (kind IN ('national', 'provincial', 'cross-border')),
        upstream_province text CHECK (upstream_province IN ('CQ', 'SC')),
        downstream_province text CHECK (downstream_province IN ('CQ', 'SC')),
        downstream_code text,
        travel_hours double precision,
        cadence_minutes integer NOT NULL CHECK (cadence_minutes > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX station_river_idx ON station (river)');
    const placeholders = STATION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    for (const station of defaultCatalogue()) {
      await q.query(
        `INSERT INTO station (${STATION_COLUMNS.join(', ')}) VALUES (${placeholders}) ON CONFLICT (code) DO NOTHING`,
        stationToRow(station),
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE station');
  }
}
