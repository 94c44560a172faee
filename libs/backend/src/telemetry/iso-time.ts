/** ISO 8601 in China Standard Time with its offset (+08:00), as the API shows every time (SPEC §10). */
export function toCstIso(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 23)}+08:00`;
}
