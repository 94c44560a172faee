import { z } from 'zod';

/**
 * The one typed configuration object (SPEC §9). Nothing else in the code base reads `process.env`;
 * `loadConfig` is called once at start and a bad value stops startup with one line naming the variable.
 */
const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const positiveInt = z.coerce.number().int().positive();

export const configSchema = z
  .object({
    HTTP_PORT: port.default(3000),
    HTTP_HOST: z.string().default('0.0.0.0'),
    MQTT_PORT: port.default(1883),
    MQTT_HOST: z.string().default('0.0.0.0'),
    MQTT_TLS_PORT: port.optional(),
    MQTT_TLS_CERT: optionalString,
    MQTT_TLS_KEY: optionalString,
    MQTT_WS_PORT: port.optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    /** the built web console (index.html + assets); unset = apps/console/dist found next to the code */
    CONSOLE_DIR: optionalString,
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    ),
    DATABASE_SKIP_MIGRATIONS: z.enum(['true', 'false']).default('false'),
    INFLUX_URL: optionalString.pipe(z.url().optional()),
    INFLUX_TOKEN: optionalString,
    INFLUX_ORG: optionalString,
    INFLUX_BUCKET: optionalString,
    MQTT_URL: optionalString.pipe(
      z
        .string()
        .regex(/^(mqtts?|tcp|wss?):\/\//, 'must be an mqtt:// URL')
        .optional(),
    ),
    MQTT_USERNAME: optionalString,
    MQTT_PASSWORD: optionalString,
    MQTT_SHARE_GROUP: z.string().default('river-ingest'),
    MQTT_TOPIC_PREFIX: z.string().default(''),
    INGEST_CLIENT_ID: optionalString,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BOOTSTRAP_OPERATOR_USER: optionalString,
    BOOTSTRAP_OPERATOR_PASSWORD: optionalString,
    JWT_SECRET: optionalString,
    JWT_TTL_SECONDS: positiveInt.default(900),
    INGEST_BATCH_MAX: positiveInt.default(500),
    INGEST_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(5),
    INGEST_MAX_PENDING: positiveInt.default(20000),
    INGEST_COMMIT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
    CASE_ACK_SLA_MINUTES: z.coerce.number().positive().default(120),
    SCHEDULER_INTERVAL_MS: positiveInt.default(15000),
  })
  .superRefine((env, ctx) => {
    if (env.INFLUX_URL) {
      for (const key of ['INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET'] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when INFLUX_URL is set' });
      }
    }
    if (Boolean(env.BOOTSTRAP_OPERATOR_USER) !== Boolean(env.BOOTSTRAP_OPERATOR_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.BOOTSTRAP_OPERATOR_USER ? 'BOOTSTRAP_OPERATOR_PASSWORD' : 'BOOTSTRAP_OPERATOR_USER'],
        message: 'BOOTSTRAP_OPERATOR_USER and BOOTSTRAP_OPERATOR_PASSWORD go together',
      });
    }
    if (
      Boolean(env.MQTT_TLS_CERT) !== Boolean(env.MQTT_TLS_KEY) ||
      (env.MQTT_TLS_PORT !== undefined && !env.MQTT_TLS_CERT)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['MQTT_TLS_CERT'],
        message: 'MQTT_TLS_PORT needs MQTT_TLS_CERT and MQTT_TLS_KEY',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

export interface AppConfig {
  http: { port: number; host: string };
  mqtt: {
    port: number;
    host: string;
    tls?: { port: number; certFile: string; keyFile: string };
    wsPort?: number;
    /** set: consume from that external broker with a shared subscription instead of running aedes */
    externalUrl?: string;
    externalUsername?: string;
    externalPassword?: string;
    shareGroup: string;
    /** prepended to every topic on the external broker (e.g. a tenant), stripped before processing */
    topicPrefix: string;
    /** stable MQTT client id of this ingestion process (persistent session); default hostname-pid */
    consumerClientId?: string;
  };
  dataDir: string;
  /** where the built web console is; undefined = look for apps/console/dist */
  consoleDir?: string;
  database: { url?: string; skipMigrations: boolean };
  influx?: { url: string; token: string; org: string; bucket: string };
  logLevel: RawConfig['LOG_LEVEL'];
  bootstrapOperator?: { username: string; password: string };
  auth: { jwtSecret?: string; accessTtlSeconds: number };
  ingest: { batchMax: number; batchWaitMs: number; maxPending: number; commitConcurrency: number };
  cases: { ackSlaMinutes: number; schedulerIntervalMs: number };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const shown = env[variable] === undefined ? '' : ` (got "${env[variable]}")`;
    throw new ConfigError(variable, `${issue.message}${shown}`);
  }
  const e = parsed.data;
  return {
    http: { port: e.HTTP_PORT, host: e.HTTP_HOST },
    mqtt: {
      port: e.MQTT_PORT,
      host: e.MQTT_HOST,
      tls:
        e.MQTT_TLS_PORT !== undefined && e.MQTT_TLS_CERT && e.MQTT_TLS_KEY
          ? { port: e.MQTT_TLS_PORT, certFile: e.MQTT_TLS_CERT, keyFile: e.MQTT_TLS_KEY }
          : undefined,
      wsPort: e.MQTT_WS_PORT,
      externalUrl: e.MQTT_URL,
      externalUsername: e.MQTT_USERNAME,
      externalPassword: e.MQTT_PASSWORD,
      shareGroup: e.MQTT_SHARE_GROUP,
      topicPrefix: e.MQTT_TOPIC_PREFIX,
      consumerClientId: e.INGEST_CLIENT_ID,
    },
    dataDir: e.DATA_DIR,
    consoleDir: e.CONSOLE_DIR,
    database: { url: e.DATABASE_URL, skipMigrations: e.DATABASE_SKIP_MIGRATIONS === 'true' },
    influx:
      e.INFLUX_URL && e.INFLUX_TOKEN && e.INFLUX_ORG && e.INFLUX_BUCKET
        ? { url: e.INFLUX_URL, token: e.INFLUX_TOKEN, org: e.INFLUX_ORG, bucket: e.INFLUX_BUCKET }
        : undefined,
    logLevel: e.LOG_LEVEL,
    bootstrapOperator:
      e.BOOTSTRAP_OPERATOR_USER && e.BOOTSTRAP_OPERATOR_PASSWORD
        ? { username: e.BOOTSTRAP_OPERATOR_USER, password: e.BOOTSTRAP_OPERATOR_PASSWORD }
        : undefined,
    auth: { jwtSecret: e.JWT_SECRET, accessTtlSeconds: e.JWT_TTL_SECONDS },
    ingest: {
      batchMax: e.INGEST_BATCH_MAX,
      batchWaitMs: e.INGEST_BATCH_WAIT_MS,
      maxPending: e.INGEST_MAX_PENDING,
      commitConcurrency: e.INGEST_COMMIT_CONCURRENCY,
    },
    cases: { ackSlaMinutes: e.CASE_ACK_SLA_MINUTES, schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS },
  };
}

/** Injection token for the typed configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
