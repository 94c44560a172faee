/** China Standard Time: devices in the field stamp readings with +08:00. */
export const CST_OFFSET_MINUTES = 8 * 60;

/** ISO 8601 with an explicit offset, e.g. 2026-11-22T08:00:00+08:00 (SPEC §5: ts must carry an offset). */
export function isoWithOffset(date: Date, offsetMinutes = CST_OFFSET_MINUTES): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return local.toISOString().slice(0, 19) + offset;
}

/** Hour of day (0..24, fractional) in China Standard Time. */
export function localHour(date: Date): number {
  const minutes = (date.getUTCHours() * 60 + date.getUTCMinutes() + CST_OFFSET_MINUTES) % (24 * 60);
  return minutes / 60;
}

/** Day of year (0..365, fractional) in China Standard Time. */
export function dayOfYear(date: Date): number {
  const local = new Date(date.getTime() + CST_OFFSET_MINUTES * 60_000);
  const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
  return (local.getTime() - startOfYear) / 86_400_000;
}
