// `npm run build:console`: vite build, skipped when dist/ is newer than every source file (keeps
// `npm start` fast). FORCE=1 rebuilds anyway.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const built = join(root, 'dist', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = Math.max(
  newest(join(root, 'src')),
  ...['index.html', 'vite.config.mts', 'build.mjs'].map((f) => newest(join(root, f))),
);
if (!process.env.FORCE && existsSync(built) && statSync(built).mtimeMs > sources) {
  console.log('console: up to date (apps/console/dist)');
} else {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.mts'), logLevel: 'warn' });
  console.log('console: built apps/console/dist');
}
