import { z } from 'zod';
import { DATA_FLAG_KEYS, PARAMETER_KEYS } from './parameters';

/**
 * Reading payload (SPEC §5): one object or a JSON array of them (store-and-forward after an outage).
 * `ts` is the sampling time with an offset; `seq` lets the platform see gaps.
 */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_BATCH_READINGS = 1000;
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/** ISO 8601 with an explicit offset (Z or ±hh:mm): a timestamp without one is ambiguous across devices. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const parameterKey = z.enum(PARAMETER_KEYS, {
  error: () => `unknown parameter; known: ${PARAMETER_KEYS.join(', ')}`,
});

export const readingSchema = z.strictObject({
  v: z.literal(1, { error: 'v must be 1' }),
  device: z.string().min(1).max(64),
  ts: z
    .string()
    .regex(ISO_WITH_OFFSET, 'ts must be ISO 8601 with an offset, e.g. 2026-11-22T08:00:00+08:00')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'ts is not a valid date'),
  seq: z.number().int().nonnegative().optional(),
  values: z
    .partialRecord(
      parameterKey,
      z.number({ error: 'value must be a finite number' }).finite('value must be a finite number'),
    )
    .refine((v) => Object.keys(v).length > 0, 'values must not be empty'),
  flags: z.partialRecord(parameterKey, z.enum(DATA_FLAG_KEYS as [string, ...string[]])).optional(),
});
export type ReadingMessage = z.infer<typeof readingSchema>;

export const readingPayloadSchema = z.union([
  readingSchema,
  z.array(readingSchema).min(1).max(MAX_BATCH_READINGS),
]);
