import { parseArgs } from 'node:util';

export const USAGE = `npm run sim -- [options]

Simulated monitoring-station devices publishing SPEC §5 readings over MQTT.

  --url <mqtt://host:port>     broker (env SIM_MQTT_URL; default mqtt://127.0.0.1:1883)
  --credentials <file.json>    {"<station>": {"deviceId": "…", "secret": "…"}} (written when --provision)
  --provision                  create a device per station through the API as an operator
  --api <http://host:port>     API base URL for --provision (env SIM_API_URL)
  --user <name> --password <p> operator login for --provision (env SIM_USER, SIM_PASSWORD)
  --no-auth                    connect anonymously as sim-{code} (a broker that does not authenticate)
  --scenario <name|file.json>  xinsheng-pollution, livestock-discharge, instrument-faults,
                               outage-store-and-forward, clock-skew, malformed
  --stations <A,B,…|scenario>  only these stations, or only the scenario's (default: every station)
  --start <ISO time>           first sampling time (default: duration before now)
  --duration <hours>           simulated hours (default: the scenario's, else 24)
  --cadence <minutes>          override every station's cadence (default: catalogue, usually 240)
  --speed <k|max>              time compression (default 3600: one simulated hour per second;
                               max with --dry-run)
  --seed <n>                   deterministic values (default 1)
  --clean                      MQTT clean session (default: persistent session, clean=false)
  --dry-run                    print the messages as JSON lines on stdout, do not connect
  --help`;

export interface CliOptions {
  url: string;
  credentialsFile?: string;
  provision: boolean;
  api?: string;
  user?: string;
  password?: string;
  anonymous: boolean;
  scenario?: string;
  stations?: string[];
  start?: Date;
  durationHours?: number;
  cadenceMinutes?: number;
  speed: number;
  seed: number;
  clean: boolean;
  dryRun: boolean;
  help: boolean;
}

/** Parses argv (flags win over environment variables). Throws with a one-line reason on bad input. */
export function parseCliOptions(argv: string[], env: Record<string, string | undefined>): CliOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      credentials: { type: 'string' },
      provision: { type: 'boolean', default: false },
      api: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      'no-auth': { type: 'boolean', default: false },
      scenario: { type: 'string' },
      stations: { type: 'string' },
      start: { type: 'string' },
      duration: { type: 'string' },
      cadence: { type: 'string' },
      speed: { type: 'string' },
      seed: { type: 'string', default: '1' },
      clean: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const number = (name: string, raw: string | undefined, min: number) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min} (got "${raw}")`);
    return n;
  };
  const start = v.start === undefined ? undefined : new Date(v.start);
  if (start && Number.isNaN(start.getTime()))
    throw new Error(`--start must be an ISO 8601 time (got "${v.start}")`);
  const options: CliOptions = {
    url: v.url ?? env.SIM_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    credentialsFile: v.credentials,
    provision: v.provision ?? false,
    api: v.api ?? env.SIM_API_URL,
    user: v.user ?? env.SIM_USER,
    password: v.password ?? env.SIM_PASSWORD,
    anonymous: v['no-auth'] ?? false,
    scenario: v.scenario,
    stations: v.stations
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    start,
    durationHours: number('duration', v.duration, 0.001),
    cadenceMinutes: number('cadence', v.cadence, 1),
    // a dry run has nobody to keep pace with: as fast as possible unless asked
    speed:
      v.speed === 'max' ? Infinity : (number('speed', v.speed, 0.001) ?? (v['dry-run'] ? Infinity : 3600)),
    seed: number('seed', v.seed, 0)!,
    clean: v.clean ?? false,
    dryRun: v['dry-run'] ?? false,
    help: v.help ?? false,
  };
  if (options.provision && (!options.api || !options.user || !options.password)) {
    throw new Error(
      '--provision needs --api, --user and --password (or SIM_API_URL, SIM_USER, SIM_PASSWORD)',
    );
  }
  if (options.provision && options.anonymous) throw new Error('--provision and --no-auth exclude each other');
  return options;
}
