import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { SystemModule, ProcessRole } from '../app/system.module';
import { AppConfig, loadConfig } from '../config/app-config';
import { startEmbeddedPostgres, EmbeddedDatabase } from '../database/embedded-postgres';
import { runMigrations } from '../database/run-migrations';
import { BrokerService } from '../broker/broker.service';
import { portInUse } from './startup-error';

/** pino's numeric levels, for the few lines written before the Nest logger exists */
const LEVELS: Record<AppConfig['logLevel'], number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

export interface RunningSystem {
  app: INestApplication;
  config: AppConfig;
  httpPort: number;
  /** the in-process broker's port, when this process runs one */
  mqttPort?: number;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface StartOptions {
  role: ProcessRole;
  env: Record<string, string | undefined>;
}

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('川渝 cross-border river monitoring API')
    .setDescription(
      'Water-quality grading (GB 3838-2002), stations, telemetry, joint river chief cases (联合河长制) and joint inspection problem lists (联动督察). Errors are RFC 9457 problem objects.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Starts one process of the system: the database (embedded when DATABASE_URL is unset), migrations
 * under an advisory lock, the Nest application, the HTTP listener and, for the ingestion role, the broker.
 * Used by every app's main.ts and by the tests, so tests start exactly what `npm start` starts.
 */
export async function startSystem({ role, env }: StartOptions): Promise<RunningSystem> {
  const config = loadConfig(env);
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    const level = LEVELS[config.logLevel];
    const line = (severity: number) => (msg: string) => {
      if (severity >= level)
        process.stdout.write(
          JSON.stringify({ level: severity, time: Date.now(), context: 'database', msg }) + '\n',
        );
    };
    embedded = await startEmbeddedPostgres(config.dataDir, line(30), line(20));
    databaseUrl = embedded.url;
  }
  let app: INestApplication | undefined;
  try {
    if (!config.database.skipMigrations) await runMigrations(databaseUrl);
    app = await NestFactory.create(SystemModule.forRole(role, config, databaseUrl), {
      bufferLogs: true,
      rawBody: true,
    });
    app.useLogger(app.get(Logger));
    // NestFactory.create never flushes a log buffer by itself: without this, every framework log
    // (and every `new Logger(...)` message, e.g. the bootstrap token) stays buffered forever.
    app.flushLogs();
    app.enableCors();
    SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), {
      jsonDocumentUrl: 'api/docs/openapi.json',
    });
    await app.init();
    let mqttPort: number | undefined;
    if (role !== 'api' && !config.mqtt.externalUrl) mqttPort = await app.get(BrokerService).listen();
    const server = app.getHttpServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: unknown) => reject(portInUse('HTTP_PORT', config.http.port, error)));
      server.listen(config.http.port, config.http.host, () => resolve());
    });
    const httpPort = (server.address() as AddressInfo).port;
    const running = app;
    return {
      app: running,
      config,
      httpPort,
      mqttPort,
      databaseUrl,
      close: async () => {
        await running.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
