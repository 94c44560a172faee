import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users and their roles/jurisdictions, refresh-token families, API tokens for machine clients and the
 * login-throttle state (kept in PostgreSQL so a lockout holds across the API and ingestion processes).
 */
export class Identity1763920000000 implements MigrationInterface {
  name = 'Identity1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('operator', 'river_chief', 'inspector', 'officer', 'viewer')),
        province text NOT NULL CHECK (province IN ('CQ', 'SC')),
        level text CHECK (level IN ('province', 'city', 'district', 'township')),
        district text,
        rivers text[],
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_level_only_for_chiefs CHECK ((role = 'river_chief') = (level IS NOT NULL)),
        CONSTRAINT app_user_officer_has_district CHECK (role <> 'officer' OR district IS NOT NULL)
      )`);
    await q.query('CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username))');
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)');
    await q.query('CREATE INDEX refresh_token_user_idx ON refresh_token (user_id)');
    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('operator', 'river_chief', 'inspector', 'officer', 'viewer')),
        province text NOT NULL CHECK (province IN ('CQ', 'SC')),
        level text,
        district text,
        rivers text[],
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(
      'CREATE UNIQUE INDEX api_token_active_name_key ON api_token (lower(name)) WHERE revoked_at IS NULL',
    );
    await q.query(`
      CREATE TABLE login_throttle (
        key text PRIMARY KEY,
        failures integer NOT NULL,
        window_start timestamptz NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_throttle');
    await q.query('DROP TABLE api_token');
    await q.query('DROP TABLE refresh_token');
    await q.query('DROP TABLE app_user');
  }
}
