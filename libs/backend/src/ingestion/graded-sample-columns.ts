import type { GradedSample } from '@river/contracts';

/** PostgreSQL text cannot hold NUL; the raw bytes (bytea) keep the original. */
export const stripNul = (s: string) => (s.includes('\0') ? s.replace(/\0/g, '\uFFFD') : s);

/**
 * The graded_sample columns of a batch as parallel arrays for `unnest(…)`, in table order:
 * station_code, ts, device_id, seq, values, flags, classes, overall, target_class, compliant,
 * primary_pollutants, exceedance, implausible. Live ingestion and live replay write the same table
 * the same way.
 */
export function gradedSampleColumns(samples: readonly GradedSample[]): unknown[][] {
  return [
    samples.map((s) => s.station),
    samples.map((s) => s.ts.toISOString()),
    samples.map((s) => (s.device === undefined ? null : stripNul(s.device))),
    samples.map((s) => s.seq ?? null),
    samples.map((s) => JSON.stringify(s.values)),
    samples.map((s) => JSON.stringify(s.flags)),
    samples.map((s) => JSON.stringify(s.classes)),
    samples.map((s) => s.overall ?? null),
    samples.map((s) => s.targetClass),
    samples.map((s) => s.compliant ?? null),
    samples.map((s) => JSON.stringify(s.primary)),
    samples.map((s) => JSON.stringify(s.exceedance)),
    samples.map((s) => JSON.stringify(s.implausible)),
  ];
}
