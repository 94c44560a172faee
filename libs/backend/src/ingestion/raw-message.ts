import type { DataFlag, DeadLetterReason, GradedSample, ParameterKey, WaterClass } from '@river/contracts';

/** Where a message came from: the in-process broker, an external broker, a manual entry, a replay. */
export type MessageSource = 'mqtt' | 'manual' | 'replay';

/**
 * One message as received, before any parsing: the unit the journal stores and replay reads back.
 * Source-agnostic on purpose (aedes, an external broker consumer, the HTTP manual-sample route, replay).
 */
export interface RawMessage {
  topic: string;
  payload: Buffer;
  /** the authenticated device (MQTT client id); manual samples use `manual:<username>` */
  device?: string;
  /** the station the authenticated device belongs to; undefined = not checked (replay of old journal) */
  deviceStation?: string;
  receivedAt: Date;
  source: MessageSource;
}

/** What processing needs to know about a station (a slice of the catalogue's StationRecord). */
export interface StationInfo {
  code: string;
  waterBody: 'river' | 'lake';
  targetClass: Exclude<WaterClass, 6>;
}

export interface DeadLetterRecord {
  /** index of the message in the processed batch */
  index: number;
  reason: DeadLetterReason;
  detail: string;
  topic: string;
  /** raw bytes, capped (a 1 MiB payload is kept as its first 64 KiB; payloadSize tells the real size) */
  payload: Buffer;
  payloadSize: number;
  device?: string;
  station?: string;
  receivedAt: Date;
  source: MessageSource;
}

/** One parameter value at one sampling time: the unit the telemetry store keeps. */
export interface ReadingRow {
  station: string;
  parameter: ParameterKey;
  ts: Date;
  value: number;
  flag: DataFlag;
  /** class of this item when it was graded (N flag, plausible, graded for this water body) */
  class?: WaterClass;
  receivedAt: Date;
}

/** An accepted message and the samples it produced (one per reading object in the payload). */
export interface AcceptedMessage {
  index: number;
  message: RawMessage;
  station: string;
  samples: GradedSample[];
}

export interface ProcessResult {
  accepted: AcceptedMessage[];
  deadLetters: DeadLetterRecord[];
  /** every reading row of every accepted message, deduplicated within the batch */
  readings: ReadingRow[];
  /** every graded sample, deduplicated within the batch (station, sampling time), in batch order */
  samples: GradedSample[];
}
