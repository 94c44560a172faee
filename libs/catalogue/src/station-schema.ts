import { z } from 'zod';
import type { StationRecord } from './station-record';

/**
 * Sichuan + Chongqing bounding box (WGS84). A coordinate outside it is a typo (swapped lat/lon, a
 * missing minus, GCJ-02 confusion is too small to matter at this scale), not a station of this network.
 */
export const SICHUAN_CHONGQING_BOUNDS = { minLat: 26.0, maxLat: 34.4, minLon: 97.3, maxLon: 110.2 } as const;

/** Station codes appear in MQTT topics (`river/{code}/reading`): keep them topic-safe. */
export const STATION_CODE_REGEX = /^[A-Za-z0-9_-]{1,64}$/;

const province = z.enum(['CQ', 'SC'], { error: 'must be CQ or SC' });
const name = z.string().trim().min(1, 'is required').max(100);

export const stationRecordSchema = z
  .strictObject({
    code: z.string().regex(STATION_CODE_REGEX, 'must be 1–64 letters, digits, "-" or "_"'),
    name,
    nameVerified: z.boolean({ error: 'must be true or false' }),
    river: name,
    riverVerified: z.boolean({ error: 'must be true or false' }).optional(),
    basin: name,
    waterBody: z.enum(['river', 'lake'], { error: 'must be river or lake' }),
    province,
    district: name,
    lat: z
      .number({ error: 'must be a number' })
      .min(SICHUAN_CHONGQING_BOUNDS.minLat, 'is outside Sichuan–Chongqing')
      .max(SICHUAN_CHONGQING_BOUNDS.maxLat, 'is outside Sichuan–Chongqing'),
    lon: z
      .number({ error: 'must be a number' })
      .min(SICHUAN_CHONGQING_BOUNDS.minLon, 'is outside Sichuan–Chongqing')
      .max(SICHUAN_CHONGQING_BOUNDS.maxLon, 'is outside Sichuan–Chongqing'),
    targetClass: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], {
      error: 'must be 1..5 (Class I..V)',
    }),
    kind: z.enum(['national', 'provincial', 'cross-border'], {
      error: 'must be national, provincial or cross-border',
    }),
    upstreamProvince: province.optional(),
    downstreamProvince: province.optional(),
    downstream: z
      .strictObject({
        code: z.string().regex(STATION_CODE_REGEX, 'must be a station code'),
        travelHours: z
          .number({ error: 'must be a number' })
          .positive('must be > 0')
          .max(24 * 30, 'must be ≤ 720'),
      })
      .optional(),
    cadenceMinutes: z.number({ error: 'must be a number' }).int('must be whole minutes').min(1).max(1440),
  })
  // Cross-field rules also run when other fields are bad (`when`), so one pass reports every problem of a row.
  .superRefine(
    (value, ctx) => {
      // runs on the raw input when other fields are bad: read it defensively
      const s = value as Partial<StationRecord>;
      const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (s.kind === 'cross-border') {
        for (const key of ['upstreamProvince', 'downstreamProvince'] as const) {
          if (!s[key]) issue([key], 'is required for a cross-border section');
        }
        if (s.upstreamProvince && s.upstreamProvince === s.downstreamProvince) {
          issue(['downstreamProvince'], 'must differ from upstreamProvince');
        }
      }
      if (s.downstream?.code !== undefined && s.downstream.code === s.code) {
        issue(['downstream', 'code'], 'cannot be the station itself');
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  ) satisfies z.ZodType<StationRecord>;
