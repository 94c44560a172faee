import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * graded_sample's object columns as `json` instead of `jsonb` (docs/BENCHMARKS.md, Ingestion): json input
 * only checks the syntax and stores the text, jsonb builds a binary tree and converts every number
 * to numeric — about a sixth of the database's CPU per ingested batch. Nothing queries inside these
 * columns (they are read whole, by the case-sink feeder, the station page and replay), so the binary
 * form bought nothing. Writers that cast to jsonb still work (jsonb → json is an assignment cast).
 */
// `classes` stays jsonb: replay compares it with its sandbox's classes (jsonb equality)
const COLUMNS = ['values', 'flags', 'primary_pollutants', 'exceedance', 'implausible'];

export class GradedSampleJson1763970000001 implements MigrationInterface {
  name = 'GradedSampleJson1763970000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE graded_sample ${COLUMNS.map((c) => `ALTER COLUMN "${c}" TYPE json USING "${c}"::json`).join(', ')}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE graded_sample ${COLUMNS.map((c) => `ALTER COLUMN "${c}" TYPE jsonb USING "${c}"::jsonb`).join(', ')}`,
    );
  }
}
