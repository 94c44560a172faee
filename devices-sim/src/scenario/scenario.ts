import { DATA_FLAG_KEYS, PARAMETER_KEYS } from '@river/contracts';
import { z } from 'zod';

/**
 * A scenario (devices-sim/scenarios/*.json): what happens on top of the natural state, in hours from
 * the start of the simulation. Pure data; the engine (scenario-engine.ts) turns it into messages.
 */
const parameter = z.enum(PARAMETER_KEYS);
const window = {
  station: z.string().min(1),
  startHour: z.number().min(0),
  durationHours: z.number().positive(),
};

/** Pollution entering at `origin` and travelling downstream with the catalogue's travel times. */
export const plumeEvent = z.strictObject({
  type: z.literal('plume'),
  origin: z.string().min(1),
  startHour: z.number().min(0),
  riseHours: z.number().min(0).default(4),
  holdHours: z.number().min(0),
  fallHours: z.number().min(0).default(8),
  /** added to the natural concentration at the peak (mg/L; negative for DO) */
  add: z.partialRecord(parameter, z.number()),
  /** fraction of the plume lost per hour of travel (dilution, degradation) */
  attenuationPerHour: z.number().min(0).max(1).default(0.005),
  /** how far downstream it travels (stations), default the whole chain */
  maxStations: z.number().int().positive().optional(),
});

export const faultEvent = z.discriminatedUnion('type', [
  /** the sensor repeats its last value (stuck) */
  z.strictObject({ type: z.literal('flatline'), parameter, ...window }),
  /** readings carry an HJ 212 flag, e.g. C = calibration */
  z.strictObject({
    type: z.literal('flag'),
    parameter,
    flag: z.enum(DATA_FLAG_KEYS as [string, ...string[]]),
    ...window,
  }),
  /** a value outside the plausible range (instrument fault, not pollution) */
  z.strictObject({ type: z.literal('out-of-range'), parameter, value: z.number(), ...window }),
  /** readings are lost for good (sequence gap, no data) */
  z.strictObject({ type: z.literal('dropout'), ...window }),
  /** no connectivity: readings are buffered and sent as one JSON array when it ends (store-and-forward) */
  z.strictObject({ type: z.literal('outage'), ...window }),
  /** the device clock is off: `ts` shifted by `skewMinutes` (e.g. > 24 h ahead: rejected as future) */
  z.strictObject({ type: z.literal('clock-skew'), skewMinutes: z.number(), ...window }),
  /** the device sends broken payloads instead of readings */
  z.strictObject({
    type: z.literal('malformed'),
    kinds: z
      .array(
        z.enum([
          'not-json',
          'wrong-schema',
          'unknown-parameter',
          'no-offset',
          'not-a-number',
          'oversize',
          'invalid-utf8',
        ]),
      )
      .min(1),
    ...window,
  }),
]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string(),
  /** the stations to simulate by default (all stations when absent) */
  stations: z.array(z.string().min(1)).optional(),
  durationHours: z.number().positive().optional(),
  cadenceMinutes: z.number().int().positive().optional(),
  events: z.array(z.union([plumeEvent, faultEvent])),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type PlumeEvent = z.infer<typeof plumeEvent>;
export type FaultEvent = z.infer<typeof faultEvent>;
export type MalformedKind = Extract<FaultEvent, { type: 'malformed' }>['kinds'][number];
