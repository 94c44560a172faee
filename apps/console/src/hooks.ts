import { useCallback, useEffect, useRef, useState } from 'react';
import { accessToken, get } from './api';

/** Loads data, re-loads on demand (`reload`) and when deps change; keeps the last data while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => n === seq.current && setState({ data, loading: false }),
      (err: Error) => n === seq.current && setState((s) => ({ ...s, error: err.message, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

export interface PlatformEventEnvelope {
  type: string;
  station: string | null;
  province: string[];
  river: string | null;
  occurredAt: string;
  payload: unknown;
}

type Listener = (e: PlatformEventEnvelope) => void;
const subscribers = new Set<Listener>();
let controller: AbortController | null = null;
let connectedToken: string | null = null;
const statusListeners = new Set<(live: boolean) => void>();
let live = false;

function setLive(v: boolean) {
  live = v;
  statusListeners.forEach((l) => l(v));
}

/**
 * One SSE connection (GET /api/v1/events?access_token=…) shared by every component. Read with fetch
 * rather than EventSource so that every named event type arrives in one place; reconnects after errors.
 */
function connect(): void {
  const token = accessToken();
  if (!token || (controller && connectedToken === token)) return;
  controller?.abort();
  const ctrl = new AbortController();
  controller = ctrl;
  connectedToken = token;
  void (async () => {
    try {
      const res = await fetch(`/api/v1/events?access_token=${encodeURIComponent(token)}`, {
        headers: { accept: 'text/event-stream' },
        signal: ctrl.signal,
      });
      if (res.status === 401) await get('/api/v1/auth/me').catch(() => undefined); // refreshes the token
      if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
      setLive(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (!data) continue;
          try {
            const event = JSON.parse(data) as PlatformEventEnvelope;
            if (event?.type && event.type !== 'heartbeat') subscribers.forEach((s) => s(event));
          } catch {
            /* not an event envelope */
          }
        }
      }
    } catch {
      /* aborted or failed: reconnect below */
    }
    setLive(false);
    if (controller === ctrl) {
      controller = null;
      if (subscribers.size > 0) setTimeout(connect, 3000);
    }
  })();
}

export function disconnectEvents(): void {
  controller?.abort();
  controller = null;
  connectedToken = null;
}

/** Calls `onEvent` for every platform event (case.*, problem.*, …) while mounted. */
export function usePlatformEvents(onEvent: Listener): boolean {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  const [isLive, setIsLive] = useState(live);
  useEffect(() => {
    const l: Listener = (e) => ref.current(e);
    subscribers.add(l);
    statusListeners.add(setIsLive);
    connect();
    return () => {
      subscribers.delete(l);
      statusListeners.delete(setIsLive);
    };
  }, []);
  return isLive;
}

/** A clock for countdowns. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
