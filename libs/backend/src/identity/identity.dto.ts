import { z } from 'zod';
import { paginationQuery } from '../http/pagination';
import { CHIEF_LEVELS, PROVINCES, ROLES } from './principal';

const username = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits, . _ @ - only');
/** Long passphrases welcome; bcrypt-style 72-byte limits do not apply to scrypt. */
const password = z.string().min(10, 'at least 10 characters').max(256);
const district = z.string().trim().min(1).max(64);
const rivers = z.array(z.string().trim().min(1).max(64)).max(100);

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const refreshBody = z.object({ refreshToken: z.string().min(1).max(200) });
export const logoutBody = z.object({ refreshToken: z.string().min(1).max(200).optional() }).optional();
export const bootstrapBody = z.object({
  token: z.string().min(1).max(200),
  username,
  password,
  province: z.enum(PROVINCES).default('CQ'),
});

/** Jurisdiction rules shared by users and API tokens: only chiefs have a level; officers need a district. */
function checkJurisdiction(
  value: { role?: string; level?: string | null; district?: string | null },
  ctx: z.RefinementCtx,
): void {
  if (value.role === undefined) return;
  if (value.role === 'river_chief' && !value.level)
    ctx.addIssue({ code: 'custom', path: ['level'], message: 'is required for a river chief' });
  if (value.role !== 'river_chief' && value.level)
    ctx.addIssue({ code: 'custom', path: ['level'], message: 'only river chiefs have a level' });
  if (value.role === 'officer' && !value.district)
    ctx.addIssue({ code: 'custom', path: ['district'], message: 'is required for an officer' });
}

const jurisdiction = {
  role: z.enum(ROLES),
  province: z.enum(PROVINCES),
  level: z.enum(CHIEF_LEVELS).optional(),
  district: district.optional(),
  rivers: rivers.optional(),
};

export const createUserBody = z
  .object({ username, password, displayName: z.string().trim().min(1).max(100).optional(), ...jurisdiction })
  .superRefine(checkJurisdiction);
export type CreateUserInput = z.infer<typeof createUserBody>;

/** PATCH: every field optional; `null` clears level/district/rivers. Role changes are re-checked in the service. */
export const updateUserBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    password: password.optional(),
    role: z.enum(ROLES).optional(),
    province: z.enum(PROVINCES).optional(),
    level: z.enum(CHIEF_LEVELS).nullable().optional(),
    district: district.nullable().optional(),
    rivers: rivers.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserBody>;

export const listUsersQuery = paginationQuery.extend({
  role: z.enum(ROLES).optional(),
  province: z.enum(PROVINCES).optional(),
  disabled: z.enum(['true', 'false']).optional(),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;

export const createApiTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.coerce.number().int().positive().max(3650).optional(),
    ...jurisdiction,
  })
  .superRefine(checkJurisdiction);
export type CreateApiTokenInput = z.infer<typeof createApiTokenBody>;

export const jurisdictionCheck = checkJurisdiction;
