import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface SpawnedSystem {
  process: ChildProcess;
  httpPort: number;
  mqttPort?: number;
  baseUrl: string;
  output: () => string;
  /** SIGTERM and wait; resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills whatever a failed test left running (call in afterAll/afterEach). */
export async function killSpawnedSystems(): Promise<void> {
  const children = [...running];
  running.clear();
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'river-e2e-'));

/**
 * Starts a built app (dist/apps/<app>/src/main.js) as `npm start` would and waits for its
 * "system started" line. Ports default to 0 (ephemeral): this machine runs its own services on 1883/5432.
 */
export async function spawnSystem(
  env: Record<string, string>,
  options: { app?: 'server' | 'api' | 'ingest'; timeoutMs?: number } = {},
): Promise<SpawnedSystem> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'apps', options.app ?? 'server', 'src', 'main.js')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', MQTT_PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = await new Promise<{ httpPort: number; mqttPort?: number }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`system did not start in time:\n${output.slice(-3000)}`)),
      options.timeoutMs ?? 60_000,
    );
    const onData = () => {
      const line = output.split('\n').find((l) => l.includes('"msg":"system started"'));
      if (!line) return;
      clearTimeout(timer);
      const parsed = JSON.parse(line) as { httpPort: number; mqttPort?: number };
      resolve({ httpPort: parsed.httpPort, mqttPort: parsed.mqttPort });
    };
    child.stdout?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`system exited with ${code} before starting:\n${output.slice(-3000)}`));
    });
  });
  return {
    process: child,
    ...started,
    baseUrl: `http://127.0.0.1:${started.httpPort}`,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a built app expected to fail at startup; resolves with its exit code and output. */
export async function runToExit(env: Record<string, string>, timeoutMs = 60_000) {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', 'server', 'src', 'main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
