// The console's only way to the system: the public HTTP API (SPEC §10). Defensive: every error becomes
// an ApiError carrying the RFC 9457 problem's `detail` (shown to the user) and field errors.

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: 'operator' | 'river_chief' | 'inspector' | 'officer' | 'viewer';
  province: 'CQ' | 'SC';
  level?: string;
  district?: string;
  rivers?: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Array<{ field?: string; message?: string }> = [],
  ) {
    super(message);
  }
}

interface Session {
  accessToken: string;
  refreshToken: string;
}

const KEY = 'river.session';
let session: Session | null = readSession();
const listeners = new Set<() => void>();

function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function setSession(next: Session | null): void {
  session = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export const onSessionChange = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
export const accessToken = () => session?.accessToken ?? null;

async function toError(res: Response): Promise<ApiError> {
  let body: { title?: string; detail?: string; errors?: Array<{ field?: string; message?: string }> } = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON: keep the status line */
  }
  const fields = Array.isArray(body.errors) ? body.errors : [];
  const message = body.detail || body.title || `${res.status} ${res.statusText}`;
  return new ApiError(res.status, message, fields);
}

let refreshing: Promise<boolean> | null = null;
async function refresh(): Promise<boolean> {
  if (!session?.refreshToken) return false;
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session?.refreshToken }),
      });
      if (!res.ok) return false;
      setSession(await res.json());
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** raw body (file upload) with its content type */
  raw?: { data: Blob | ArrayBuffer | string; type: string };
  /** return the Response (downloads) */
  response?: boolean;
}

export async function call<T = unknown>(
  path: string,
  options: CallOptions = {},
  retried = false,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session) headers.authorization = `Bearer ${session.accessToken}`;
  let body: BodyInit | undefined;
  if (options.raw) {
    headers['content-type'] = options.raw.type;
    body = options.raw.data as BodyInit;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
  if (res.status === 401 && session && !retried) {
    if (await refresh()) return call<T>(path, options, true);
    setSession(null);
  }
  if (!res.ok) throw await toError(res);
  if (options.response) return res as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => call<T>(path);
export const post = <T>(path: string, body: unknown = {}) => call<T>(path, { method: 'POST', body });

export async function login(username: string, password: string): Promise<void> {
  const res = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await toError(res);
  setSession(await res.json());
}

export function logout(): void {
  const token = session?.accessToken;
  if (token)
    void fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }).catch(() => undefined);
  setSession(null);
}

/** Every page of a list (bounded: the console never needs more than a few thousand rows). */
export async function all<T>(path: string, max = 2000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page: Page<T> = await get<Page<T>>(
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...(page?.items ?? []));
    cursor = page?.nextCursor ?? null;
  } while (cursor && out.length < max);
  return out;
}

/** Downloads an authenticated file (export). */
export async function download(path: string, filename: string): Promise<void> {
  const res = await call<Response>(path, { response: true });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
