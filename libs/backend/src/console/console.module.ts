import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { findConsoleDir, isServerPath } from './console-dir';

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>川渝河流监测</title>
<body><div id="root"><p>控制台尚未构建 — the console is not built: run <code>npm run build:console</code>.</p>
<p><a href="/api/docs">API docs</a></p></div></body></html>`;

/**
 * Serves the web console (apps/console, a static Vite build) at `/`. Registered in onModuleInit, i.e.
 * after Nest's routes and before its 404 handler: API routes win, unknown `/api/...` paths still get
 * the problem+json 404, and any other GET falls back to index.html (client-side routing).
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<express.Express>();
    if (!app || typeof app.use !== 'function') return;
    const dir = findConsoleDir(this.config.consoleDir);
    const index = dir ? join(dir, 'index.html') : undefined;
    if (!index || !existsSync(index)) this.logger.warn('console not built (npm run build:console)');
    if (dir) app.use(express.static(dir, { index: false, maxAge: '1h' }));
    app.use((req: Request, res: Response, next: NextFunction) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(req.path)) return next();
      res.setHeader('cache-control', 'no-cache');
      if (index && existsSync(index)) return res.sendFile(index);
      res.type('html').send(NOT_BUILT);
    });
  }
}
