#!/usr/bin/env node
/**
 * river-replay — start a replay of the raw journal on a running system and follow it (SPEC §8).
 * Talks to the API only (operator credentials); prints a progress bar, then the report table.
 * See REPLAY_USAGE (`npm run replay -- --help`).
 */
import { SingleBar, Presets } from 'cli-progress';
import { parseReplayArgs, problemText, REPLAY_USAGE, type ReplayCliOptions } from './replay-command';

interface JobView {
  id: string;
  state: string;
  error: string | null;
  progress: { done: number; total: number; percent: number; rate: number | null; etaSeconds: number | null };
}

class ApiError extends Error {}

async function call(o: ReplayCliOptions, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${o.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const parsed = (() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  })();
  if (!res.ok) throw new ApiError(problemText(res.status, parsed));
  return parsed;
}

async function tokenOf(o: ReplayCliOptions): Promise<string> {
  if ('token' in o.auth) return o.auth.token;
  const res = await fetch(`${o.api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: o.auth.user, password: o.auth.password }),
  });
  const body = (await res.json().catch(() => undefined)) as { accessToken?: string } | undefined;
  if (!res.ok || !body?.accessToken) throw new ApiError(problemText(res.status, body));
  return body.accessToken;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(REPLAY_USAGE);
    return 0;
  }
  let o: ReplayCliOptions;
  try {
    o = parseReplayArgs(argv, process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const token = await tokenOf(o);
  const job = o.watch
    ? ((await call(o, token, 'GET', `/api/v1/replays/${encodeURIComponent(o.watch)}`)) as JobView)
    : ((await call(o, token, 'POST', '/api/v1/replays', o.body)) as JobView);
  if (!o.json) console.error(`replay ${job.id} ${o.watch ? 'followed' : 'started'} (Ctrl-C cancels it)`);

  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    void call(o, token, 'POST', `/api/v1/replays/${job.id}/cancel`).catch(() => undefined);
  });
  const bar = new SingleBar(
    {
      format: 'replay {bar} {percentage}% | {value}/{total} messages | {rate} msg/s | ETA {eta_s}',
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  if (!o.json) bar.start(job.progress.total || 1, job.progress.done, { rate: '-', eta_s: '-' });
  let view = job;
  while (['queued', 'running', 'paused'].includes(view.state) && !interrupted) {
    await new Promise((r) => setTimeout(r, 500));
    view = (await call(o, token, 'GET', `/api/v1/replays/${job.id}`)) as JobView;
    if (!o.json) {
      bar.setTotal(view.progress.total || 1);
      bar.update(view.progress.done, {
        rate: view.progress.rate ?? '-',
        eta_s: view.state === 'paused' ? 'paused' : (view.progress.etaSeconds ?? '-'),
      });
    }
  }
  if (!o.json) bar.stop();
  if (interrupted) view = (await call(o, token, 'GET', `/api/v1/replays/${job.id}`)) as JobView;
  const report = await call(
    o,
    token,
    'GET',
    `/api/v1/replays/${job.id}/report${o.json ? '' : '?format=table'}`,
  );
  console.log(o.json ? JSON.stringify(report, null, 2) : String(report));
  if (view.state === 'failed') console.error(`replay failed: ${view.error}`);
  return view.state === 'completed' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(
      error instanceof ApiError ? error.message : `cannot reach the API: ${(error as Error).message}`,
    );
    process.exitCode = 2;
  },
);
