import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the built console is: CONSOLE_DIR when set, otherwise `apps/console/dist` found by walking up
 * from this file (works from the sources under jest and from dist/ after `npm run build`).
 */
export function findConsoleDir(configured: string | undefined, from = __dirname): string | undefined {
  if (configured) return resolve(configured);
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'apps', 'console', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Paths the console must never shadow: the API, health, metrics and the OpenAPI docs. */
export function isServerPath(path: string): boolean {
  return /^\/(api|health|metrics)(\/|$)/.test(path);
}
