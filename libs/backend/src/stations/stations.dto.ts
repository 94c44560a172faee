import { z } from 'zod';
import { paginationQuery } from '../http/pagination';

export const stationListQuery = paginationQuery.extend({
  river: z.string().trim().min(1).max(100).optional(),
  basin: z.string().trim().min(1).max(100).optional(),
  district: z.string().trim().min(1).max(100).optional(),
  province: z.enum(['CQ', 'SC']).optional(),
  kind: z.enum(['national', 'provincial', 'cross-border']).optional(),
  /** the class of the latest graded reading (1..6, 6 = 劣V) */
  class: z.coerce.number().int().min(1).max(6).optional(),
  /** only stations whose latest reading misses their target */
  compliant: z.enum(['true', 'false']).optional(),
});
export type StationListQuery = z.infer<typeof stationListQuery>;

export const riverListQuery = paginationQuery.extend({
  province: z.enum(['CQ', 'SC']).optional(),
  basin: z.string().trim().min(1).max(100).optional(),
});
export type RiverListQuery = z.infer<typeof riverListQuery>;

export const exportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
