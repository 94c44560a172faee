import { z } from 'zod';
import { PROVINCES } from '../identity/principal';

export const eventStreamQuery = z.object({
  province: z.enum(PROVINCES).optional(),
  river: z.string().min(1).max(100).optional(),
  /** EventSource cannot send headers: the token may come in the query (moved to the header by a middleware) */
  access_token: z.string().optional(),
});
export type EventStreamQuery = z.infer<typeof eventStreamQuery>;

export const createWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** generated when absent */
  secret: z.string().min(16).max(200).optional(),
  eventTypes: z.array(z.string().min(1).max(100)).max(50).optional(),
  provinces: z.array(z.enum(PROVINCES)).optional(),
  river: z.string().min(1).max(100).optional(),
  active: z.boolean().default(true),
});
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;

export const updateWebhookBody = createWebhookBody.partial().omit({ secret: true });
export type UpdateWebhookBody = z.infer<typeof updateWebhookBody>;
