import { ProcessRole } from '../app/system.module';
import { ConfigError } from '../config/app-config';
import { StartupError } from './startup-error';
import { startSystem } from './start-system';

/**
 * The body of every app's main.ts: start, then shut down in order on SIGINT/SIGTERM (stop accepting,
 * flush what is buffered, close the broker and the database, exit 0). A configuration error or a port
 * in use is printed as one line and exits 1.
 */
export async function runProcess(role: ProcessRole): Promise<void> {
  try {
    // the process entry point hands the environment to loadConfig, the one reader of it
    // eslint-disable-next-line no-restricted-properties
    const system = await startSystem({ role, env: process.env });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(
        JSON.stringify({ level: 30, time: Date.now(), msg: `${signal}: shutting down` }) + '\n',
      );
      try {
        await system.close();
        process.exit(0);
      } catch (error) {
        process.stderr.write(`shutdown failed: ${(error as Error).message}\n`);
        process.exit(1);
      }
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.stdout.write(
      JSON.stringify({
        level: 30,
        time: Date.now(),
        msg: 'system started',
        role,
        httpPort: system.httpPort,
        mqttPort: system.mqttPort,
        docs: `http://localhost:${system.httpPort}/api/docs`,
      }) + '\n',
    );
  } catch (error) {
    const line =
      error instanceof ConfigError || error instanceof StartupError
        ? error.message
        : `startup failed: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(line.split('\n')[0] + '\n');
    process.exit(1);
  }
}
