import { CASE_STATES } from '@river/workflow';
import { z } from 'zod';
import { paginationQuery } from '../http/pagination';
import { PROVINCES } from '../identity/principal';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const caseListQuery = paginationQuery.extend({
  state: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(CASE_STATES)))
    .optional(),
  province: z.enum(PROVINCES).optional(),
  river: z.string().min(1).max(100).optional(),
  station: z.string().min(1).max(64).optional(),
  joint: bool.optional(),
  overdue: bool.optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;

const note = z.string().trim().max(2000).optional();

export const acknowledgeBody = z.object({ note }).default({});
export const dispatchBody = z.object({
  to: z.string().trim().min(1).max(200),
  deadline: z.iso.datetime({ offset: true }),
  note,
});
export const resolveBody = z.object({
  cause: z.string().trim().min(1).max(2000),
  action: z.string().trim().min(1).max(2000),
  note,
});
export const closeBody = z.object({ note }).default({});
export const dismissBody = z.object({ reason: z.string().trim().min(1).max(2000), note });
export const reopenBody = z.object({ reason: z.string().trim().min(1).max(2000), note });
export const commentBody = z.object({
  text: z.string().trim().min(1).max(5000),
  attachments: z
    .array(z.object({ url: z.url(), name: z.string().trim().min(1).max(200) }))
    .max(20)
    .default([]),
});
export type CommentBody = z.infer<typeof commentBody>;

const positive = z.number().int().positive().max(1000);
export const alertRulesBody = z
  .object({
    sustainedReadings: positive,
    clearReadings: positive,
    targetClass: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    worseThanV: z.object({ enabled: z.boolean() }).partial().strict(),
    suddenChange: z
      .object({
        enabled: z.boolean(),
        baselineReadings: positive,
        riseRatio: z.number().positive().max(100),
        minDelta: z.record(z.string(), z.number().nonnegative()),
      })
      .partial()
      .strict(),
    fault: z
      .object({
        enabled: z.boolean(),
        sustainedReadings: positive,
        flatlineReadings: z.number().int().min(2).max(1000),
      })
      .partial()
      .strict(),
    noData: z
      .object({ enabled: z.boolean(), cadenceMultiple: z.number().positive().max(100) })
      .partial()
      .strict(),
  })
  .partial()
  .strict();
export type AlertRulesBody = z.infer<typeof alertRulesBody>;
