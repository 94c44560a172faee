import { defaultCatalogue, RiverTopology, type StationRecord } from '@river/catalogue';
import type { Writable } from 'node:stream';
import { planSimulation, type Emission } from './scenario/scenario-engine';
import type { Scenario } from './scenario/scenario';
import { loadScenario } from './scenario/scenarios';
import { DryRunTransport } from './transport/dry-run-transport';
import { MqttTransport } from './transport/mqtt-transport';
import type { CredentialsByStation, Transport } from './transport/transport';

export interface SimulationOptions {
  /** broker URL, e.g. mqtt://127.0.0.1:1883 (not needed for a dry run or an injected transport) */
  url?: string;
  /** station → {deviceId, secret}; stations without credentials connect anonymously */
  credentials?: CredentialsByStation;
  /** MQTT clean session (default false) */
  clean?: boolean;
  /** the catalogue to simulate from (default: the shipped one) */
  catalogue?: readonly StationRecord[];
  /** station codes to simulate (default: the scenario's stations, else every station) */
  stations?: readonly string[];
  /** built-in scenario name, path to a scenario file, or a scenario object */
  scenario?: string | Scenario;
  /** first sampling time (default: `durationHours` before now, so every timestamp is in the past) */
  start?: Date;
  /** simulated hours (default: the scenario's, else 24) */
  durationHours?: number;
  cadenceMinutes?: number;
  /** time compression: 3600 = one simulated hour per second; Infinity = as fast as the broker acknowledges */
  speed?: number;
  seed?: number;
  /** write JSON lines to `output` instead of connecting */
  dryRun?: boolean;
  output?: Writable;
  /** progress lines (stderr in the CLI); false for none */
  progress?: Writable | false;
  /** replaces the transport (tests, other protocols) */
  transport?: Transport;
  /** at most this many unacknowledged messages in flight */
  maxInFlight?: number;
  signal?: AbortSignal;
}

export interface SimulationSummary {
  stations: number;
  connected: number;
  planned: number;
  sent: number;
  acknowledged: number;
  failed: number;
  /** readings carried (a store-and-forward batch carries several) */
  readings: number;
  batches: number;
  malformed: number;
  simulatedHours: number;
  start: string;
  durationMs: number;
  ratePerSecond: number;
  errors: string[];
}

const HOUR = 3_600_000;

/** Plans the messages (pure engine), then plays them through a transport at the chosen speed. */
export async function runSimulation(options: SimulationOptions = {}): Promise<SimulationSummary> {
  const catalogue = options.catalogue ?? defaultCatalogue();
  const scenario = typeof options.scenario === 'string' ? loadScenario(options.scenario) : options.scenario;
  const wanted = options.stations ?? scenario?.stations;
  const stations = wanted ? catalogue.filter((s) => wanted.includes(s.code)) : [...catalogue];
  const unknown = (wanted ?? []).filter((code) => !catalogue.some((s) => s.code === code));
  if (unknown.length) throw new Error(`unknown station(s): ${unknown.join(', ')}`);
  const durationHours = options.durationHours ?? scenario?.durationHours ?? 24;
  const start = options.start ?? new Date(Math.floor((Date.now() - durationHours * HOUR) / HOUR) * HOUR);
  const credentials = options.credentials;
  const emissions = planSimulation({
    stations,
    topology: new RiverTopology(catalogue),
    scenario,
    start,
    durationHours,
    cadenceMinutes: options.cadenceMinutes,
    seed: options.seed ?? 1,
    deviceOf: (code) => credentials?.[code]?.deviceId ?? `sim-${code}`,
  });

  const transport =
    options.transport ??
    (options.dryRun
      ? new DryRunTransport(options.output ?? process.stdout)
      : new MqttTransport({ url: requireUrl(options.url), credentials, clean: options.clean }));
  const summary: SimulationSummary = {
    stations: stations.length,
    connected: 0,
    planned: emissions.length,
    sent: 0,
    acknowledged: 0,
    failed: 0,
    readings: 0,
    batches: 0,
    malformed: 0,
    simulatedHours: durationHours,
    start: start.toISOString(),
    durationMs: 0,
    ratePerSecond: 0,
    errors: [],
  };
  const began = Date.now();
  const progress = options.progress === false ? undefined : (options.progress ?? process.stderr);
  const report = (final = false) => progress?.write(progressLine(summary, began, final));
  const ticker = progress ? setInterval(() => report(), 1000) : undefined;
  ticker?.unref();

  try {
    await transport.connect(stations.map((s) => s.code));
    summary.connected = transport.connectedCount();
    await play(emissions, transport, summary, {
      start,
      speed: options.speed ?? 3600,
      maxInFlight: options.maxInFlight ?? 500,
      signal: options.signal,
    });
    summary.connected = Math.max(summary.connected, transport.connectedCount());
  } finally {
    clearInterval(ticker);
    await transport.close();
    summary.durationMs = Date.now() - began;
    summary.ratePerSecond =
      Math.round((summary.acknowledged / Math.max(summary.durationMs, 1)) * 1000 * 10) / 10;
    report(true);
  }
  return summary;
}

async function play(
  emissions: readonly Emission[],
  transport: Transport,
  summary: SimulationSummary,
  o: { start: Date; speed: number; maxInFlight: number; signal?: AbortSignal },
): Promise<void> {
  const wallStart = Date.now();
  const inFlight = new Set<Promise<void>>();
  for (const emission of emissions) {
    if (o.signal?.aborted) break;
    const due = wallStart + (emission.at.getTime() - o.start.getTime()) / o.speed;
    const wait = due - Date.now();
    if (Number.isFinite(wait) && wait > 0) await sleep(wait, o.signal);
    while (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
    summary.sent++;
    summary.readings += emission.readings.length;
    if (emission.kind === 'batch') summary.batches++;
    if (emission.kind === 'malformed') summary.malformed++;
    const sending: Promise<void> = transport.publish(emission).then(
      () => {
        summary.acknowledged++;
        inFlight.delete(sending);
      },
      (error: unknown) => {
        summary.failed++;
        if (summary.errors.length < 20)
          summary.errors.push(`${emission.station}: ${(error as Error).message}`);
        inFlight.delete(sending);
      },
    );
    inFlight.add(sending);
  }
  await Promise.all(inFlight);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function requireUrl(url: string | undefined): string {
  if (!url) throw new Error('a broker URL is required (--url mqtt://host:port), or use --dry-run');
  return url;
}

function progressLine(s: SimulationSummary, began: number, final: boolean): string {
  const seconds = Math.max((Date.now() - began) / 1000, 0.001);
  const line =
    `stations ${s.connected}/${s.stations} connected · sent ${s.sent}/${s.planned} · acked ${s.acknowledged}` +
    (s.failed ? ` · failed ${s.failed}` : '') +
    ` · ${(s.acknowledged / seconds).toFixed(1)} msg/s`;
  return final ? `${line} · done in ${seconds.toFixed(1)} s\n` : `${line}\n`;
}
