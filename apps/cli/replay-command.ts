import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const REPLAY_USAGE = `usage: npm run replay -- --from <ISO time> --to <ISO time> [--speed max|<k>] [--target sandbox|live|mqtt]
         [--stations a,b] [--rivers r1,r2] [--rule-set file.json] [--no-rules]
         [--topic-prefix p] [--mqtt-url mqtt://host:1883]
         [--api http://localhost:3000] [--user u --password p | --token t] [--json]
   or: npm run replay -- --watch <id>   (follow a running replay and print its report)

  --from/--to     journal receive-time range, ISO 8601 with an offset (e.g. 2026-11-01T00:00:00+08:00)
  --speed         'max' (default) or real time × k (e.g. 60: an hour of data per minute)
  --target        sandbox (default: results kept apart, no notifications), live (idempotent), mqtt (republish)
  --rule-set      JSON file: {"name":"N=1","override":{"sustainedReadings":1}} or just the override
  --no-rules      sandbox only: classes only, no alert rules/cases (faster)
Environment fallbacks: RIVER_API, RIVER_USER, RIVER_PASSWORD, RIVER_TOKEN.
Exit codes: 0 completed; 1 failed or cancelled; 2 bad options or the API refused the request.`;

export interface ReplayCliOptions {
  api: string;
  auth: { token: string } | { user: string; password: string };
  json: boolean;
  watch?: string;
  body?: Record<string, unknown>;
}

/** Parses the command line (pure: the environment and file reader come in). Throws a message on bad input. */
export function parseReplayArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ReplayCliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      speed: { type: 'string', default: 'max' },
      target: { type: 'string', default: 'sandbox' },
      stations: { type: 'string' },
      rivers: { type: 'string' },
      'rule-set': { type: 'string' },
      'no-rules': { type: 'boolean', default: false },
      'topic-prefix': { type: 'string' },
      'mqtt-url': { type: 'string' },
      api: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      watch: { type: 'string' },
    },
  });
  const api = (values.api ?? env.RIVER_API ?? 'http://localhost:3000').replace(/\/+$/, '');
  const token = values.token ?? env.RIVER_TOKEN;
  const user = values.user ?? env.RIVER_USER;
  const password = values.password ?? env.RIVER_PASSWORD;
  const auth = token ? { token } : user && password ? { user, password } : undefined;
  if (!auth)
    throw new Error(
      'credentials needed: --token, or --user and --password (or RIVER_TOKEN / RIVER_USER + RIVER_PASSWORD)',
    );
  if (values.watch) return { api, auth, json: values.json, watch: values.watch };
  if (!values.from || !values.to) throw new Error('--from and --to are required');
  if (!['sandbox', 'live', 'mqtt'].includes(values.target))
    throw new Error(`--target must be sandbox, live or mqtt`);
  let speed: 'max' | number = 'max';
  if (values.speed !== 'max') {
    speed = Number(values.speed);
    if (!Number.isFinite(speed) || speed <= 0) throw new Error(`--speed must be 'max' or a positive number`);
  }
  const list = (s?: string) =>
    s
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const body: Record<string, unknown> = { from: values.from, to: values.to, speed, target: values.target };
  if (values.stations) body.stations = list(values.stations);
  if (values.rivers) body.rivers = list(values.rivers);
  if (values['no-rules']) body.rules = false;
  if (values['rule-set']) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFile(values['rule-set']));
    } catch (error) {
      throw new Error(`--rule-set ${values['rule-set']}: ${(error as Error).message}`);
    }
    const object = parsed as Record<string, unknown>;
    body.ruleSet =
      object && typeof object === 'object' && 'override' in object
        ? object
        : { name: values['rule-set'].replace(/^.*[\\/]/, '').replace(/\.json$/, ''), override: object };
  }
  if (values.target === 'mqtt') {
    if (!values['topic-prefix']) throw new Error('--target mqtt needs --topic-prefix');
    body.mqtt = {
      topicPrefix: values['topic-prefix'],
      ...(values['mqtt-url'] ? { url: values['mqtt-url'] } : {}),
    };
  }
  return { api, auth, json: values.json, body };
}

/** One line of an RFC 9457 problem: the detail and each field error. */
export function problemText(status: number, problem: unknown): string {
  const p = (problem ?? {}) as {
    title?: string;
    detail?: string;
    errors?: Array<{ field: string; message: string }>;
  };
  const lines = [`HTTP ${status}: ${p.detail ?? p.title ?? 'request refused'}`];
  for (const e of p.errors ?? []) lines.push(`  ${e.field}: ${e.message}`);
  return lines.join('\n');
}
