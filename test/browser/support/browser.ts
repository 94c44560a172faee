import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ARTIFACTS = join(__dirname, '../../../test-artifacts');
export const CONSOLE_DIST = join(__dirname, '../../../apps/console/dist');

/** Debian's chromium (apt-get install -y chromium), or CHROMIUM_PATH. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium`);
  if (!existsSync(join(CONSOLE_DIST, 'index.html')))
    throw new Error('console not built: npm run build:console');
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
