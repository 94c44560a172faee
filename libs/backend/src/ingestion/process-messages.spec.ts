import { DeadLetterReason } from '@river/contracts';
import fc from 'fast-check';
import { processMessages } from './process-messages';
import type { RawMessage, StationInfo } from './raw-message';

const STATIONS: Record<string, StationInfo> = {
  LMQ: { code: 'LMQ', waterBody: 'river', targetClass: 3 },
  LAKE: { code: 'LAKE', waterBody: 'lake', targetClass: 3 },
};
const ctx = { station: (code: string) => STATIONS[code] };
const receivedAt = new Date('2026-11-22T00:05:00Z');

function msg(payload: unknown, overrides: Partial<RawMessage> = {}): RawMessage {
  const bytes = Buffer.isBuffer(payload)
    ? payload
    : Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return {
    topic: 'river/LMQ/reading',
    payload: bytes,
    device: 'dev1',
    deviceStation: 'LMQ',
    receivedAt,
    source: 'mqtt',
    ...overrides,
  };
}
const reading = (extra: Record<string, unknown> = {}) => ({
  v: 1,
  device: 'dev1',
  ts: '2026-11-22T08:00:00+08:00',
  seq: 1,
  values: { ph: 7.6, do: 8.2, nh3n: 0.32, temp: 15 },
  ...extra,
});

describe(processMessages.name, () => {
  it('splits a valid reading into parameter rows and grades it (worst item, compliance)', () => {
    const r = processMessages([msg(reading({ values: { ph: 7.6, do: 8.2, nh3n: 1.2, temp: 15 } }))], ctx);
    expect(r.deadLetters).toEqual([]);
    expect(r.readings.map((x) => [x.parameter, x.value, x.flag, x.class])).toEqual([
      ['ph', 7.6, 'N', 1],
      ['do', 8.2, 'N', 1],
      ['nh3n', 1.2, 'N', 4],
      ['temp', 15, 'N', undefined],
    ]);
    const [sample] = r.samples;
    expect(sample).toMatchObject({
      station: 'LMQ',
      overall: 4,
      targetClass: 3,
      compliant: false,
      primary: ['nh3n'],
      device: 'dev1',
      seq: 1,
    });
    expect(sample.ts.toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(sample.exceedance.nh3n).toBeCloseTo(0.2);
  });

  it('stores but does not grade non-N flags and implausible values', () => {
    const r = processMessages(
      [msg(reading({ values: { ph: 7, nh3n: 3, do: 25 }, flags: { nh3n: 'C' } }))],
      ctx,
    );
    const [sample] = r.samples;
    expect(sample.flags).toEqual({ nh3n: 'C' });
    expect(sample.implausible).toEqual(['do']);
    expect(sample.classes).toEqual({ ph: 1 });
    expect(sample.overall).toBe(1);
    expect(r.readings.find((x) => x.parameter === 'nh3n')).toMatchObject({ flag: 'C', class: undefined });
  });

  it('accepts an array (store-and-forward) and deduplicates within the batch on station + sampling time', () => {
    const a = reading({ ts: '2026-11-22T04:00:00+08:00' });
    const b = reading({ ts: '2026-11-22T08:00:00+08:00' });
    const r = processMessages([msg([a, b]), msg(reading({ ts: '2026-11-22T00:00:00Z' }))], ctx);
    expect(r.accepted).toHaveLength(2);
    expect(r.samples).toHaveLength(2);
    expect(r.accepted[1].samples[0].duplicate).toBe(true);
    expect(r.readings).toHaveLength(8);
  });

  it('uses lake limits for a lake station', () => {
    const r = processMessages(
      [msg(reading({ values: { tp: 0.1 } }), { topic: 'river/LAKE/reading', deviceStation: 'LAKE' })],
      ctx,
    );
    expect(r.samples[0].classes.tp).toBe(4);
  });

  const now = receivedAt.getTime();
  it.each<[string, RawMessage, DeadLetterReason]>([
    ['truncated JSON', msg('{"v":1,"device":"dev1","ts":'), DeadLetterReason.NotJson],
    [
      'NaN literal',
      msg('{"v":1,"device":"dev1","ts":"2026-11-22T08:00:00+08:00","values":{"ph":NaN}}'),
      DeadLetterReason.NotJson,
    ],
    [
      'huge number (Infinity)',
      msg('{"v":1,"device":"dev1","ts":"2026-11-22T08:00:00+08:00","values":{"ph":1e999}}'),
      DeadLetterReason.NonFiniteValue,
    ],
    ['wrong type', msg(reading({ values: { ph: '7' } })), DeadLetterReason.SchemaViolation],
    ['unknown parameter', msg(reading({ values: { ph: 7, xyz: 1 } })), DeadLetterReason.UnknownParameter],
    [
      'timestamp without offset',
      msg(reading({ ts: '2026-11-22T08:00:00' })),
      DeadLetterReason.TimestampWithoutOffset,
    ],
    [
      'future timestamp',
      msg(reading({ ts: new Date(now + 25 * 3600_000).toISOString() })),
      DeadLetterReason.TimestampInFuture,
    ],
    ['payload > 64 KiB', msg(Buffer.alloc(1024 * 1024, 0x20)), DeadLetterReason.PayloadTooLarge],
    ['invalid UTF-8', msg(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), DeadLetterReason.InvalidUtf8],
    ['wrong station', msg(reading(), { topic: 'river/LAKE/reading' }), DeadLetterReason.WrongStation],
    [
      'unknown station',
      msg(reading(), { topic: 'river/NOPE/reading', deviceStation: 'NOPE' }),
      DeadLetterReason.UnknownStation,
    ],
    ['device mismatch', msg(reading({ device: 'other' })), DeadLetterReason.DeviceMismatch],
    ['deeply nested JSON', msg('['.repeat(20000) + ']'.repeat(20000)), DeadLetterReason.SchemaViolation],
    ['empty values', msg(reading({ values: {} })), DeadLetterReason.SchemaViolation],
  ])('dead-letters %s', (_name, message, reason) => {
    const r = processMessages([message], ctx);
    expect(r.accepted).toEqual([]);
    expect(r.deadLetters).toHaveLength(1);
    expect(r.deadLetters[0]).toMatchObject({ reason, index: 0, payloadSize: message.payload.length });
    expect(r.deadLetters[0].payload.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('never throws on random bytes: every message is either accepted or dead-lettered', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (payloads) => {
        const batch = payloads.map((p) => msg(Buffer.from(p)));
        const r = processMessages(batch, ctx);
        expect(r.accepted.length + r.deadLetters.length).toBe(batch.length);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same journal gives the same result (replay seam)', () => {
    const batch = [msg(reading()), msg('nope')];
    expect(processMessages(batch, ctx)).toEqual(processMessages(batch, ctx));
  });
});
