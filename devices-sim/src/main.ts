import { defaultCatalogue } from '@river/catalogue';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseCliOptions, USAGE } from './cli-options';
import { provisionDevices } from './provision';
import { runSimulation } from './run-simulation';
import { loadScenario } from './scenario/scenarios';
import type { CredentialsByStation } from './transport/transport';

/** `npm run sim -- …`: see USAGE. Progress on stderr, the summary as JSON on stdout (or JSON lines with --dry-run). */
async function main(): Promise<void> {
  const o = parseCliOptions(process.argv.slice(2), process.env);
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const scenario = o.scenario ? loadScenario(o.scenario) : undefined;
  // Every station reports, as in the field; the scenario's events happen on its own stations.
  // `--stations scenario` limits the run to the scenario's stations.
  const everyStation = defaultCatalogue().map((s) => s.code);
  const stations =
    o.stations?.length === 1 && o.stations[0] === 'scenario'
      ? (scenario?.stations ?? everyStation)
      : (o.stations ?? everyStation);
  let credentials: CredentialsByStation | undefined;
  if (o.provision) {
    credentials = await provisionDevices({ api: o.api!, user: o.user!, password: o.password!, stations });
    if (o.credentialsFile)
      writeFileSync(o.credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
    process.stderr.write(`provisioned ${Object.keys(credentials).length} device(s)\n`);
  } else if (o.credentialsFile && !o.anonymous) {
    if (!existsSync(o.credentialsFile))
      throw new Error(`credentials file ${o.credentialsFile} does not exist`);
    credentials = JSON.parse(readFileSync(o.credentialsFile, 'utf8')) as CredentialsByStation;
  } else if (!o.anonymous && !o.dryRun) {
    process.stderr.write(
      'no --credentials or --provision: connecting anonymously (use --no-auth to silence this)\n',
    );
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const summary = await runSimulation({
    url: o.url,
    credentials,
    clean: o.clean,
    stations,
    scenario,
    start: o.start,
    durationHours: o.durationHours,
    cadenceMinutes: o.cadenceMinutes,
    speed: o.speed,
    seed: o.seed,
    dryRun: o.dryRun,
    output: process.stdout,
    progress: process.stderr,
    signal: controller.signal,
  });
  (o.dryRun ? process.stderr : process.stdout).write(JSON.stringify(summary) + '\n');
  if (summary.failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`devices-sim: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
