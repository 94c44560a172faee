import { z } from 'zod';
import { paginationQuery } from '../http/pagination';

export const auditQuery = paginationQuery.extend({
  /** username or user id */
  user: z.string().trim().min(1).max(100).optional(),
  /** prefix of the action, e.g. `POST /api/v1/users` or `PATCH` */
  action: z.string().trim().min(1).max(300).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
});
export type AuditQuery = z.infer<typeof auditQuery>;
