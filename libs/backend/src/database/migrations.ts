import type { MigrationInterface } from 'typeorm';
import { Foundation1763900000000 } from './migrations/1763900000000-foundation';

/**
 * Every migration, in order. Reviewed SQL, checked in; `synchronize` is never used outside tests.
 * Add new ones at the end with a later timestamp.
 */
export const migrations: Array<new () => MigrationInterface> = [Foundation1763900000000];
