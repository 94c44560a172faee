import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findConsoleDir, isServerPath } from './console-dir';

describe('console paths', () => {
  it('never shadows the API, health, metrics or docs', () => {
    for (const p of ['/api', '/api/v1/cases', '/api/docs', '/health', '/metrics', '/health/x'])
      expect(isServerPath(p)).toBe(true);
    for (const p of ['/', '/cases/1', '/stations/CQ-LMQ', '/apis', '/healthy', '/assets/index.js'])
      expect(isServerPath(p)).toBe(false);
  });

  it('finds apps/console/dist above the code, or takes CONSOLE_DIR', () => {
    const root = mkdtempSync(join(tmpdir(), 'console-dir-'));
    try {
      const dist = join(root, 'apps', 'console', 'dist');
      mkdirSync(dist, { recursive: true });
      const deep = join(root, 'dist', 'libs', 'backend', 'src', 'console');
      mkdirSync(deep, { recursive: true });
      expect(findConsoleDir(undefined, deep)).toBeUndefined(); // no index.html yet
      writeFileSync(join(dist, 'index.html'), '<div id="root"></div>');
      expect(findConsoleDir(undefined, deep)).toBe(dist);
      expect(findConsoleDir('relative/dir', deep)).toBe(resolve('relative/dir'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
