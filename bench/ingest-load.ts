/**
 * Load generator for bench/ingest.bench.ts, run in a worker thread so that the clients do not share
 * the broker's event loop: one real MQTT client per device, QoS 1, a window of unacknowledged
 * publishes per client, optionally paced to a total rate. Reports ack latencies (publish → PUBACK;
 * with the platform's hooks, PUBACK means "stored").
 */
import mqtt, { type MqttClient } from 'mqtt';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadSpec {
  port: number;
  devices: Array<{ deviceId: string; secret: string; station: string }>;
  /** readings per device */
  perDevice: number;
  window: number;
  /** total readings/s over all devices; 0 = as fast as possible */
  rate: number;
  /** offset of sampling times so that successive runs never collide */
  tsBase: number;
}

export interface LoadResult {
  sent: number;
  acked: number;
  elapsedMs: number;
  p50: number;
  p99: number;
  max: number;
}

const VALUES = ['temp', 'ph', 'do', 'cond', 'turb', 'codmn', 'nh3n', 'tp', 'tn'] as const;

function payload(device: string, ts: number, seq: number): Buffer {
  const j = seq % 7;
  return Buffer.from(
    JSON.stringify({
      v: 1,
      device,
      ts: new Date(ts).toISOString(),
      seq,
      values: {
        temp: 18 + j,
        ph: 7.2,
        do: 6 + j / 10,
        cond: 420,
        turb: 12,
        codmn: 3.1,
        nh3n: 0.2 + j / 10,
        tp: 0.08,
        tn: 1.1,
      },
    }),
  );
}
void VALUES;

async function connect(port: number, d: LoadSpec['devices'][number]): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: d.deviceId,
      username: d.deviceId,
      password: d.secret,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
      keepalive: 120,
    });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const clients: MqttClient[] = [];
  for (let i = 0; i < spec.devices.length; i += 50) {
    clients.push(...(await Promise.all(spec.devices.slice(i, i + 50).map((d) => connect(spec.port, d)))));
  }
  const latencies: number[] = [];
  const started = performance.now();
  const perClientInterval = spec.rate > 0 ? (1000 * spec.devices.length) / spec.rate : 0;
  const nDevices = spec.devices.length;
  let acked = 0;
  await Promise.all(
    clients.map(
      (client, di) =>
        new Promise<void>((resolve) => {
          const device = spec.devices[di];
          let next = 0;
          let inflight = 0;
          let done = 0;
          /** the one pacing timer of this client: every ack calls pump(), and a timer per ack would pile
           * up (one more timer chain per acknowledged reading, all firing every interval), slowing this
           * event loop — and so the measured latencies — more the longer a paced run lasts */
          let paced: NodeJS.Timeout | undefined;
          const topic = `river/${device.station}/reading`;
          const pump = () => {
            while (inflight < spec.window && next < spec.perDevice) {
              if (perClientInterval > 0) {
                const due = started + next * perClientInterval + (di * perClientInterval) / nDevices;
                const wait = due - performance.now();
                if (wait > 0) {
                  paced ??= setTimeout(() => {
                    paced = undefined;
                    pump();
                  }, wait);
                  return;
                }
              }
              const seq = next++;
              // unique sampling time per station even when several devices share one
              const ts = spec.tsBase - (seq * nDevices + di) * 1000;
              const sentAt = performance.now();
              inflight++;
              client.publish(topic, payload(device.deviceId, ts, seq), { qos: 1 }, () => {
                latencies.push(performance.now() - sentAt);
                inflight--;
                done++;
                acked++;
                if (done === spec.perDevice) resolve();
                else pump();
              });
            }
          };
          pump();
        }),
    ),
  );
  const elapsedMs = performance.now() - started;
  await Promise.all(clients.map((c) => c.endAsync()));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    sent: nDevices * spec.perDevice,
    acked,
    elapsedMs,
    p50: pct(0.5),
    p99: pct(0.99),
    max: latencies[latencies.length - 1] ?? 0,
  };
}

if (parentPort) {
  run(workerData as LoadSpec).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: Error) => parentPort!.postMessage({ ok: false, error: String(error.stack ?? error) }),
  );
}
