/**
 * Pacing of a replay at "real time × k" (pure). The journal's receive times set the rhythm: a message
 * is due `(receivedAt − anchor.receivedAt) / speed` after the anchor's wall time. The anchor is reset
 * whenever the replay (re)starts — after a pause, a restart or a resume — so a pause does not make the
 * replay rush to catch up. `speed` undefined = as fast as possible (everything is due at once).
 */
export interface PaceAnchor {
  wallMs: number;
  receivedMs: number;
}

export function dueAtMs(anchor: PaceAnchor, receivedMs: number, speed: number | undefined): number {
  if (speed === undefined) return anchor.wallMs;
  return anchor.wallMs + Math.max(0, receivedMs - anchor.receivedMs) / speed;
}

/** How many of `receivedMs` (in order) are due at `nowMs`, at most `max`. */
export function countDue(
  anchor: PaceAnchor,
  receivedMs: readonly number[],
  speed: number | undefined,
  nowMs: number,
  max: number,
): number {
  let n = 0;
  while (n < receivedMs.length && n < max && dueAtMs(anchor, receivedMs[n], speed) <= nowMs) n++;
  return n;
}

export interface Progress {
  done: number;
  total: number;
  /** 0..100 */
  percent: number;
  /** messages per second over the last stretch of work; null before the first checkpoint */
  rate: number | null;
  /** seconds to go at that rate; null when unknown */
  etaSeconds: number | null;
}

export function progressOf(done: number, total: number, rate: number | null): Progress {
  const remaining = Math.max(0, total - done);
  return {
    done,
    total,
    percent: total > 0 ? Math.min(100, Math.round((done / total) * 1000) / 10) : done > 0 ? 100 : 0,
    rate: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: rate && rate > 0 ? Math.ceil(remaining / rate) : remaining === 0 ? 0 : null,
  };
}

/** Moving rate (messages/s): blends the last batch into the previous estimate. */
export function nextRate(previous: number | null, messages: number, elapsedMs: number): number | null {
  if (elapsedMs <= 0) return previous;
  const instant = (messages * 1000) / elapsedMs;
  return previous === null ? instant : previous * 0.7 + instant * 0.3;
}
