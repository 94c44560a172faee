import {
  DeadLetterReason,
  ISO_WITH_OFFSET,
  MAX_BATCH_READINGS,
  MAX_FUTURE_MS,
  MAX_PAYLOAD_BYTES,
  PARAMETERS,
  parseDeviceTopic,
  readingSchema,
  type DataFlag,
  type GradedSample,
  type ParameterKey,
  type ReadingMessage,
  type WaterClass,
} from '@river/contracts';
import { gradeSummary, standardItem } from '@river/water-quality';
import type { z } from 'zod';
import type {
  AcceptedMessage,
  DeadLetterRecord,
  ProcessResult,
  RawMessage,
  ReadingRow,
  StationInfo,
} from './raw-message';

/**
 * THE processing core (SPEC §5), pure and source-agnostic:
 *   parse → validate → split into parameter readings → deduplicate within the batch → flag check →
 *   grade (GB 3838 fast path) → compliance against the target class.
 * Live ingestion (aedes hook, external-broker consumer), manual samples and REPLAY all call this same
 * function; only the persistence step differs (live tables, or a replay sandbox keyed by runId). It reads
 * no clock: "now" for the future-timestamp check is each message's receivedAt, so replaying the journal
 * gives exactly the decisions taken live. Station facts come in through `ctx.station` (preloaded).
 */
export interface ProcessContext {
  station(code: string): StationInfo | undefined;
}

/** Sampling times before this are refused: they would only create partitions for devices with a dead clock. */
const EARLIEST_TS = Date.UTC(2000, 0, 1);
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Verdict =
  { ok: true; readings: ReadingMessage[] } | { ok: false; reason: DeadLetterReason; detail: string };

export function processMessages(batch: readonly RawMessage[], ctx: ProcessContext): ProcessResult {
  const result: ProcessResult = { accepted: [], deadLetters: [], readings: [], samples: [] };
  const seenSamples = new Set<string>();
  for (let index = 0; index < batch.length; index++) {
    const message = batch[index];
    const topic = parseDeviceTopic(message.topic);
    const reject = (reason: DeadLetterReason, detail: string) =>
      result.deadLetters.push(deadLetter(index, message, reason, detail, topic?.station));
    if (!topic || topic.kind !== 'reading') {
      reject(DeadLetterReason.SchemaViolation, `not a reading topic: ${message.topic.slice(0, 200)}`);
      continue;
    }
    if (message.deviceStation !== undefined && message.deviceStation !== topic.station) {
      reject(
        DeadLetterReason.WrongStation,
        `device ${message.device} belongs to ${message.deviceStation}, not ${topic.station}`,
      );
      continue;
    }
    const station = ctx.station(topic.station);
    if (!station) {
      reject(DeadLetterReason.UnknownStation, `station ${topic.station} is not in the catalogue`);
      continue;
    }
    const verdict = validate(message);
    if (!verdict.ok) {
      reject(verdict.reason, verdict.detail);
      continue;
    }
    const accepted: AcceptedMessage = { index, message, station: station.code, samples: [] };
    for (const reading of verdict.readings) {
      const sample = grade(reading, station, message);
      const key = `${station.code}|${sample.ts.getTime()}`;
      if (seenSamples.has(key)) {
        sample.duplicate = true;
      } else {
        seenSamples.add(key);
        result.samples.push(sample);
        splitInto(result.readings, sample, message.receivedAt);
      }
      accepted.samples.push(sample);
    }
    result.accepted.push(accepted);
  }
  return result;
}

function validate(message: RawMessage): Verdict {
  const bytes = message.payload;
  if (bytes.length > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      reason: DeadLetterReason.PayloadTooLarge,
      detail: `${bytes.length} bytes > ${MAX_PAYLOAD_BYTES}`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: DeadLetterReason.InvalidUtf8, detail: 'payload is not valid UTF-8' };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      reason: DeadLetterReason.NotJson,
      detail: String((error as Error).message).slice(0, 200),
    };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0 || items.length > MAX_BATCH_READINGS) {
    return {
      ok: false,
      reason: DeadLetterReason.SchemaViolation,
      detail: `an array must hold 1..${MAX_BATCH_READINGS} readings`,
    };
  }
  const readings: ReadingMessage[] = [];
  for (let i = 0; i < items.length; i++) {
    const parsed = readingSchema.safeParse(items[i]);
    const where = Array.isArray(data) ? `[${i}].` : '';
    if (!parsed.success) return classify(parsed.error, items[i], where);
    const reading = parsed.data;
    if (message.device !== undefined && message.source === 'mqtt' && reading.device !== message.device) {
      return {
        ok: false,
        reason: DeadLetterReason.DeviceMismatch,
        detail: `${where}device ${reading.device} is not the connected device`,
      };
    }
    const ts = Date.parse(reading.ts);
    if (ts > message.receivedAt.getTime() + MAX_FUTURE_MS) {
      return {
        ok: false,
        reason: DeadLetterReason.TimestampInFuture,
        detail: `${where}ts ${reading.ts} is more than 24 h ahead`,
      };
    }
    if (ts < EARLIEST_TS) {
      return {
        ok: false,
        reason: DeadLetterReason.SchemaViolation,
        detail: `${where}ts ${reading.ts} is before 2000-01-01`,
      };
    }
    readings.push(reading);
  }
  return { ok: true, readings };
}

/** Maps the first schema issue to the most specific dead-letter reason. */
function classify(error: z.ZodError, input: unknown, where: string): Verdict {
  const issue = error.issues[0];
  const path = issue.path.map(String);
  const detail = `${where}${path.join('.') || '(root)'}: ${issue.message}`;
  const head = path[0];
  if ((head === 'values' || head === 'flags') && issue.code === 'unrecognized_keys') {
    return { ok: false, reason: DeadLetterReason.UnknownParameter, detail };
  }
  if (head === 'values' && path.length === 2) {
    const value = (input as { values?: Record<string, unknown> }).values?.[path[1]];
    if (typeof value === 'number') return { ok: false, reason: DeadLetterReason.NonFiniteValue, detail };
  }
  if (head === 'ts' && path.length === 1) {
    const ts = (input as { ts?: unknown }).ts;
    if (
      typeof ts === 'string' &&
      !ISO_WITH_OFFSET.test(ts) &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(ts)
    ) {
      return { ok: false, reason: DeadLetterReason.TimestampWithoutOffset, detail };
    }
  }
  return { ok: false, reason: DeadLetterReason.SchemaViolation, detail };
}

/**
 * Flag check and grading. Only N-flagged values inside the plausible range are graded (SPEC §3: a
 * value outside it is an instrument fault, not pollution); everything is kept.
 */
function grade(reading: ReadingMessage, station: StationInfo, message: RawMessage): GradedSample {
  const values = reading.values as Partial<Record<ParameterKey, number>>;
  const flags: Partial<Record<ParameterKey, DataFlag>> = {};
  const implausible: ParameterKey[] = [];
  const gradable: Record<string, number> = {};
  for (const key in values) {
    const parameter = key as ParameterKey;
    const value = values[parameter]!;
    const flag = (reading.flags?.[parameter] ?? 'N') as DataFlag;
    if (flag !== 'N') flags[parameter] = flag;
    const range = PARAMETERS[parameter].plausible;
    const plausible = value >= range.min && value <= range.max;
    if (!plausible) implausible.push(parameter);
    if (flag === 'N' && plausible && standardItem(parameter)) gradable[parameter] = value;
  }
  const summary = gradeSummary(gradable, station.waterBody, station.targetClass);
  return {
    station: station.code,
    ts: new Date(reading.ts),
    device: message.device,
    seq: reading.seq,
    values: { ...values },
    flags,
    classes: summary.classes as Partial<Record<ParameterKey, WaterClass>>,
    overall: summary.overall,
    targetClass: station.targetClass,
    compliant: summary.compliant,
    primary: summary.primary as ParameterKey[],
    exceedance: summary.exceedance as Partial<Record<ParameterKey, number>>,
    implausible,
  };
}

function splitInto(out: ReadingRow[], sample: GradedSample, receivedAt: Date): void {
  for (const key in sample.values) {
    const parameter = key as ParameterKey;
    out.push({
      station: sample.station,
      parameter,
      ts: sample.ts,
      value: sample.values[parameter]!,
      flag: sample.flags[parameter] ?? 'N',
      class: sample.classes[parameter],
      receivedAt,
    });
  }
}

/** Dead letters keep the raw bytes, capped at the payload limit so a 1 MiB flood cannot fill the store. */
function deadLetter(
  index: number,
  message: RawMessage,
  reason: DeadLetterReason,
  detail: string,
  station: string | undefined,
): DeadLetterRecord {
  return {
    index,
    reason,
    detail,
    topic: message.topic.slice(0, 1000),
    payload:
      message.payload.length > MAX_PAYLOAD_BYTES
        ? message.payload.subarray(0, MAX_PAYLOAD_BYTES)
        : message.payload,
    payloadSize: message.payload.length,
    device: message.device,
    station,
    receivedAt: message.receivedAt,
    source: message.source,
  };
}
