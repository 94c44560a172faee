import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000000 } from './migrations/1763900000000-foundation';
import { Stations1763910000000 } from './migrations/1763910000000-stations';
import { Identity1763920000000 } from './migrations/1763920000000-identity';
import { AuditLog1763920000001 } from './migrations/1763920000001-audit-log';
import { Ingestion1763930000000 } from './migrations/1763930000000-ingestion';
import { TelemetryWide1763930000001 } from './migrations/1763930000001-telemetry-wide';
import { Cases1763940000000 } from './migrations/1763940000000-cases';
import { Webhooks1763940000001 } from './migrations/1763940000001-webhooks';
import { Problems1763950000000 } from './migrations/1763950000000-problems';
import { Replay1763960000000 } from './migrations/1763960000000-replay';
import { CaseSinkCursor1763970000000 } from './migrations/1763970000000-case-sink-cursor';
import { GradedSampleJson1763970000001 } from './migrations/1763970000001-graded-sample-json';
import { CaseSinkOrderIndex1763970000002 } from './migrations/1763970000002-case-sink-order-index';

/**
 * Every migration, in order. Reviewed SQL, checked in; `synchronize` is never used outside tests.
 * Add new ones at the end with a later timestamp.
 */
export const migrations: Array<new () => MigrationInterface> = [
  Foundation1763900000000,
  Stations1763910000000,
  Identity1763920000000,
  AuditLog1763920000001,
  Ingestion1763930000000,
  TelemetryWide1763930000001,
  Cases1763940000000,
  Webhooks1763940000001,
  Problems1763950000000,
  Replay1763960000000,
  CaseSinkCursor1763970000000,
  GradedSampleJson1763970000001,
  CaseSinkOrderIndex1763970000002,
];
