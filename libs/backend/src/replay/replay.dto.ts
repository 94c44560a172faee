import { PARAMETERS } from '@river/contracts';
import { z } from 'zod';
import { alertRulesBody } from '../cases/cases.dto';
import { paginationQuery } from '../http/pagination';

const time = z
  .string()
  .refine((s) => /(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), 'ISO 8601 with an offset');

export const createReplayBody = z
  .object({
    from: time,
    to: time,
    stations: z.array(z.string().trim().min(1).max(64)).min(1).max(500).optional(),
    rivers: z.array(z.string().trim().min(1).max(100)).min(1).max(100).optional(),
    /** real time × k, or 'max' (as fast as possible) */
    speed: z.union([z.literal('max'), z.number().positive().max(1_000_000)]).default('max'),
    target: z.enum(['sandbox', 'live', 'mqtt']),
    /** false: classes only — no alert rules, no cases (sandbox; a faster "do the classes match" run) */
    rules: z.boolean().default(true),
    /** an alternative rule set (sandbox only): the station settings with these fields replaced */
    ruleSet: z
      .object({ name: z.string().trim().min(1).max(100).optional(), override: alertRulesBody })
      .strict()
      .optional(),
    /** target 'mqtt': republish raw messages under `{topicPrefix}/{original topic}` */
    mqtt: z
      .object({
        topicPrefix: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .regex(/^[^#+]+$/, 'no wildcards')
          .refine(
            (p) => !p.startsWith('river/') && p !== 'river',
            'must not be under river/ (devices’ topics)',
          ),
        url: z
          .string()
          .regex(/^(mqtts?|wss?|tcp):\/\//, 'an mqtt:// url')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => Date.parse(b.from) < Date.parse(b.to), { path: ['to'], message: 'must be after from' })
  .refine((b) => b.target !== 'mqtt' || b.mqtt, {
    path: ['mqtt'],
    message: "target 'mqtt' needs mqtt.topicPrefix",
  })
  .refine((b) => b.rules || b.target === 'sandbox', {
    path: ['rules'],
    message: 'a live replay always runs the alert rules',
  })
  .refine((b) => !b.ruleSet || b.target === 'sandbox', {
    path: ['ruleSet'],
    message: 'an alternative rule set is for sandbox replays only (live cases follow the stations’ rules)',
  });
export type CreateReplayBody = z.infer<typeof createReplayBody>;

export const replayListQuery = paginationQuery;
export type ReplayListQuery = z.infer<typeof replayListQuery>;

export const reportQuery = z.object({ format: z.enum(['json', 'table']).optional() });
export type ReportQuery = z.infer<typeof reportQuery>;

export const plotQuery = z.object({
  station: z.string().trim().min(1).max(64),
  parameter: z.enum(Object.keys(PARAMETERS) as [string, ...string[]]),
});
export type PlotQuery = z.infer<typeof plotQuery>;
