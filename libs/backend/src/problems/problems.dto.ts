import { z } from 'zod';
import { PROBLEM_CATEGORIES, PROBLEM_STATES, SEVERITIES } from '@river/workflow';
import { paginationQuery } from '../http/pagination';
import { PROVINCES } from '../identity/principal';
import { CAMPAIGN_STATUSES } from './campaign.entity';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** A deadline: a date (the day ends 23:59:59 China time) or a date-time with an offset. */
const deadline = z.union([isoDate, z.iso.datetime({ offset: true })]);
const list = (max: number, itemMax = 200) => z.array(text(itemMax)).max(max);

export const createCampaignBody = z
  .object({
    name: text(200),
    basin: text(100),
    rivers: list(50, 100).default([]),
    stationCodes: list(200, 64).default([]),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
    joint: z.boolean(),
    /** default: both for a joint campaign, else the creator's province */
    provinces: z.array(z.enum(PROVINCES)).min(1).max(2).optional(),
    inspectorIds: list(100, 100).default([]),
    status: z.enum(CAMPAIGN_STATUSES).default('planned'),
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'is before startsOn' });
export type CreateCampaignBody = z.infer<typeof createCampaignBody>;

export const updateCampaignBody = z
  .object({
    name: text(200),
    basin: text(100),
    rivers: list(50, 100),
    stationCodes: list(200, 64),
    startsOn: isoDate,
    endsOn: isoDate.nullable(),
    inspectorIds: list(100, 100),
    status: z.enum(CAMPAIGN_STATUSES),
  })
  .partial();
export type UpdateCampaignBody = z.infer<typeof updateCampaignBody>;

export const listCampaignsQuery = paginationQuery.extend({
  basin: z.string().max(100).optional(),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;

export const createProblemBody = z
  .object({
    seq: z.number().int().positive().optional(),
    title: text(200),
    description: z.string().max(4000).default(''),
    category: z.enum(PROBLEM_CATEGORIES),
    province: z.enum(PROVINCES),
    /** district/county as in the catalogue, e.g. 梁平区, 开江县 */
    district: z
      .string()
      .trim()
      .regex(/^\p{Script=Han}{1,20}[区县市]$/u, 'must be a district/county name such as 梁平区 or 开江县'),
    foundBy: z.enum(PROVINCES),
    severity: z.enum(SEVERITIES).default('medium'),
    locationText: z.string().max(500).default(''),
    lat: z.number().min(-90).max(90).nullable().default(null),
    lon: z.number().min(-180).max(180).nullable().default(null),
    stationCodes: list(20, 64).default([]),
    caseIds: list(20, 64).default([]),
    evidence: list(50, 2000).default([]),
    deadline: deadline.optional(),
    note: z.string().max(2000).default(''),
  })
  .refine((p) => (p.lat === null) === (p.lon === null), {
    path: ['lon'],
    message: 'give both lat and lon, or neither',
  });
export type CreateProblemBody = z.infer<typeof createProblemBody>;

export const listProblemsQuery = paginationQuery.extend({
  province: z.enum(PROVINCES).optional(),
  district: z.string().max(64).optional(),
  state: z.enum(PROBLEM_STATES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type ListProblemsQuery = z.infer<typeof listProblemsQuery>;

export const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });

const note = z.string().trim().max(2000).optional();
export const handoverBody = z.object({ deadline: deadline.optional(), note });
export const planBody = z.object({ plan: text(4000), note });
export const submitBody = z.object({ evidence: list(50, 2000).min(1), note });
export const verifyBody = z.object({ note }).default({});
export const rejectBody = z.object({ reason: text(2000) });
export const closeBody = z.object({ note }).default({});

/** ISO date-time of a deadline given as a date: the end of that day in China time (UTC+8). */
export function deadlineInstant(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59+08:00`).toISOString() : value;
}
