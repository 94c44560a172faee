import type { MqttClient } from 'mqtt';
import { killSpawnedSystems, spawnSystem, type SpawnedSystem } from '../support/spawned-system';
import { createTestDatabase } from '../setup/test-database';
import {
  connectPublisher,
  ingestEnv,
  planReadings,
  publishAll,
  registerDevices,
  releaseBroker,
  runNamespace,
  someStations,
  storedAll,
  storedCounts,
  withPg,
} from './support/external-kit';

/**
 * A real crash: two built ingestion processes (`node dist/apps/ingest/src/main.js`, MQTT_URL on this
 * machine's Mosquitto) share the stream; one is SIGKILLed mid-stream and started again with the same
 * INGEST_CLIENT_ID, as a supervisor would. Its persistent session (clean: false) held what it had not
 * acknowledged; the broker redelivers that on reconnect, and PostgreSQL's keys keep every reading once.
 * What it does not prove: recovery when the killed process never comes back (its session then keeps its
 * unacknowledged messages until a process with that client id connects — see docs/SCALING.md).
 */
describe('ingestion on an external broker: one of two processes killed mid-stream', () => {
  const ns = runNamespace('kill');
  let databaseUrl: string;
  let publisher: MqttClient;

  const spawnIngest = (n: number) =>
    spawnSystem(ingestEnv(databaseUrl, ns, n, { LOG_LEVEL: 'info' }), { app: 'ingest' });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('scale_kill');
    publisher = await connectPublisher(ns);
  });

  afterAll(async () => {
    await killSpawnedSystems();
    await releaseBroker(ns, publisher);
  });

  it('loses nothing and stores every message once', async () => {
    const a: SpawnedSystem = await spawnIngest(1);
    const b = await spawnIngest(2);
    const stations = await someStations(databaseUrl, 5);
    const devices = await registerDevices(databaseUrl, stations, ns);
    const messages = planReadings(ns, stations, devices, 1000);

    const publishing = publishAll(publisher, messages, 400);
    await new Promise((r) => setTimeout(r, 1200));
    const storedAtKill = (await storedCounts(databaseUrl, messages)).distinct;
    a.process.kill('SIGKILL');
    await a.exited;
    await publishing;
    const restarted = await spawnIngest(1);

    expect(await storedAll(databaseUrl, messages, 60_000, 250)).toEqual({
      complete: true,
      distinct: 1000,
      rows: 1000,
    });
    // the kill really happened mid-stream
    expect(storedAtKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(1000);
    // every accepted message is journaled at least once; redeliveries may add journal rows, never readings
    const journal = await withPg(databaseUrl, (pg) =>
      pg.query<{ n: string }>('SELECT count(*) AS n FROM message_journal WHERE station_code = ANY($1)', [
        stations,
      ]),
    );
    expect(Number(journal.rows[0].n)).toBeGreaterThanOrEqual(1000);
    await Promise.all([b.stop(), restarted.stop()]);
  });
});
