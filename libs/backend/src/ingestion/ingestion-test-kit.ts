import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSystem, type RunningSystem } from '../bootstrap/start-system';
import { DevicesService } from '../devices/devices.service';

/** Test helpers for ingestion integration tests (real PostgreSQL, real MQTT over TCP). */
export async function startIngestSystem(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RunningSystem> {
  return startSystem({
    role: 'all',
    env: {
      DATABASE_URL: databaseUrl,
      HTTP_PORT: '0',
      MQTT_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      MQTT_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'river-ingest-')),
      ...env,
    },
  });
}

export async function createDevice(sys: RunningSystem, station = 'CQ-LMQ') {
  return sys.app.get(DevicesService, { strict: false }).create(station);
}

export function connectDevice(
  port: number,
  deviceId: string,
  secret: string,
  extra: IClientOptions = {},
): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: deviceId,
      username: deviceId,
      password: secret,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...extra,
    });
    client.once('connect', () => resolve(client));
    client.once('error', (error) => {
      client.end(true);
      reject(error);
    });
  });
}

export function readingPayload(
  device: string,
  ts: string,
  values: Record<string, number> = { ph: 7.5, do: 8, nh3n: 0.3 },
  seq?: number,
) {
  return JSON.stringify({ v: 1, device, ts, seq, values });
}

export function publishQos1(client: MqttClient, topic: string, payload: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    client.publish(topic, payload, { qos: 1 }, (error) => (error ? reject(error) : resolve())),
  );
}
