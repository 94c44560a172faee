import type { RiverTopology, StationRecord } from '@river/catalogue';
import { MAX_PAYLOAD_BYTES, topics, type ReadingMessage } from '@river/contracts';
import { naturalValues, stationProfile, type Values } from '../generator/reading-generator';
import { isoWithOffset } from '../generator/time';
import { plumeContribution, plumeReach, type PlumeReach } from './plume';
import type { FaultEvent, MalformedKind, PlumeEvent, Scenario } from './scenario';

export interface PlanOptions {
  /** the stations that have a simulated device */
  stations: readonly StationRecord[];
  /** the whole river network (plumes travel through stations without devices too) */
  topology: RiverTopology;
  scenario?: Scenario;
  start: Date;
  durationHours: number;
  /** overrides every station's cadence */
  cadenceMinutes?: number;
  seed: number;
  /** the device id sent in payloads (default `sim-{code}`) */
  deviceOf?: (station: string) => string;
}

/** One MQTT publish, at a simulated time. */
export interface Emission {
  at: Date;
  station: string;
  topic: string;
  payload: Buffer;
  /** the readings it carries (none for a malformed payload) */
  readings: ReadingMessage[];
  kind: 'reading' | 'batch' | 'malformed';
  malformed?: MalformedKind;
}

const HOUR = 3_600_000;
const DECIMALS: Partial<Record<keyof Values, number>> = {
  temp: 1,
  ph: 2,
  do: 2,
  cond: 0,
  turb: 1,
  codmn: 2,
  nh3n: 3,
  tp: 3,
  tn: 2,
};

const active = (e: FaultEvent, station: string, hour: number) =>
  e.station === station && hour >= e.startHour && hour < e.startHour + e.durationHours;

/**
 * Turns stations + scenario into the messages the devices send, in time order. Pure and deterministic:
 * the same options (seed included) give byte-identical payloads, whatever the transport or speed.
 */
export function planSimulation(options: PlanOptions): Emission[] {
  const { scenario, seed, start } = options;
  const plumes: PlumeReach[] = (scenario?.events ?? [])
    .filter((e): e is PlumeEvent => e.type === 'plume')
    .map((e) => plumeReach(e, options.topology));
  const faults = (scenario?.events ?? []).filter((e): e is FaultEvent => e.type !== 'plume');
  const end = start.getTime() + options.durationHours * HOUR;
  const emissions: Emission[] = [];

  for (const station of options.stations) {
    const code = station.code;
    const device = options.deviceOf?.(code) ?? `sim-${code}`;
    const profile = stationProfile(station, seed);
    const cadenceMs = (options.cadenceMinutes ?? scenario?.cadenceMinutes ?? station.cadenceMinutes) * 60_000;
    const mine = faults.filter((f) => f.station === code);
    const emit = (
      at: number,
      payload: Buffer,
      readings: ReadingMessage[],
      kind: Emission['kind'],
      malformed?: MalformedKind,
    ) =>
      emissions.push({
        at: new Date(at),
        station: code,
        topic: topics.reading(code),
        payload,
        readings,
        kind,
        ...(malformed ? { malformed } : {}),
      });
    let seq = 0;
    let last: Values = {};
    let buffered: { readings: ReadingMessage[]; flushAt: number } | undefined;
    let malformedCount = 0;
    const flush = (at: number) => {
      if (!buffered) return;
      emit(at, Buffer.from(JSON.stringify(buffered.readings)), buffered.readings, 'batch');
      buffered = undefined;
    };

    for (let t = start.getTime(); t < end; t += cadenceMs) {
      const hour = (t - start.getTime()) / HOUR;
      if (buffered && t >= buffered.flushAt) flush(buffered.flushAt);
      seq++;
      const here = mine.filter((f) => active(f, code, hour));
      if (here.some((f) => f.type === 'dropout')) continue;

      const malformed = here.find((f) => f.type === 'malformed');
      if (malformed) {
        const kind = malformed.kinds[malformedCount++ % malformed.kinds.length];
        emit(t, malformedPayload(kind, device, t, seq), [], 'malformed', kind);
        continue;
      }

      const values = withPlumes(
        naturalValues(profile, new Date(t), seed),
        plumeContribution(plumes, code, hour),
      );
      const flags: ReadingMessage['flags'] = {};
      let skewMinutes = 0;
      for (const f of here) {
        if (f.type === 'flatline' && last[f.parameter] !== undefined) values[f.parameter] = last[f.parameter];
        if (f.type === 'out-of-range') values[f.parameter] = f.value;
        if (f.type === 'flag') flags[f.parameter] = f.flag;
        if (f.type === 'clock-skew') skewMinutes = f.skewMinutes;
      }
      last = { ...last, ...values };
      const reading: ReadingMessage = {
        v: 1,
        device,
        ts: isoWithOffset(new Date(t + skewMinutes * 60_000)),
        seq,
        values: values as ReadingMessage['values'],
        ...(Object.keys(flags).length ? { flags } : {}),
      };

      const outage = here.find((f) => f.type === 'outage');
      if (outage) {
        buffered ??= {
          readings: [],
          flushAt: start.getTime() + (outage.startHour + outage.durationHours) * HOUR,
        };
        buffered.readings.push(reading);
        continue;
      }
      emit(t, Buffer.from(JSON.stringify(reading)), [reading], 'reading');
    }
    // an outage still running at the end: the device sends its buffer once back (at the end here)
    if (buffered) flush(Math.min(buffered.flushAt, end));
  }
  return emissions.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.station < b.station ? -1 : a.station > b.station ? 1 : 0),
  );
}

function withPlumes(values: Values, added: Values): Values {
  const out: Values = { ...values };
  for (const [key, delta] of Object.entries(added) as Array<[keyof Values, number]>) {
    if (out[key] === undefined) continue;
    const digits = DECIMALS[key] ?? 3;
    out[key] = Number(Math.max(0, (out[key] ?? 0) + delta).toFixed(digits));
  }
  return out;
}

/** Broken payloads a real device might send (SPEC §5 bad input); the platform must dead-letter them. */
export function malformedPayload(kind: MalformedKind, device: string, at: number, seq: number): Buffer {
  const ts = isoWithOffset(new Date(at));
  const base = { v: 1, device, ts, seq, values: { ph: 7.5 } };
  switch (kind) {
    case 'not-json':
      return Buffer.from(JSON.stringify(base).slice(0, 30));
    case 'wrong-schema':
      return Buffer.from(JSON.stringify({ v: 2, device, time: ts, values: 'high' }));
    case 'unknown-parameter':
      return Buffer.from(JSON.stringify({ ...base, values: { ph: 7.5, chlorophyll: 3.2 } }));
    case 'no-offset':
      return Buffer.from(JSON.stringify({ ...base, ts: ts.slice(0, 19) }));
    case 'not-a-number':
      return Buffer.from(JSON.stringify({ ...base, values: { ph: 'seven' } }));
    case 'oversize':
      return Buffer.from(JSON.stringify({ ...base, note: 'x'.repeat(MAX_PAYLOAD_BYTES + 1024) }));
    case 'invalid-utf8':
      return Buffer.concat([
        Buffer.from('{"v":1,"device":"'),
        Buffer.from([0xff, 0xfe, 0xfd]),
        Buffer.from('"}'),
      ]);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown malformed kind ${String(unreachable)}`);
    }
  }
}
