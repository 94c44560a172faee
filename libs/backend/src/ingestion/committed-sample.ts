import type { GradedSample, ParameterKey, WaterClass } from '@river/contracts';

/** A graded_sample row as the case-sink feeder reads it. */
export interface CommittedSampleRow {
  commit_xid: string;
  station_code: string;
  ts: Date;
  /** the sampling time as PostgreSQL prints it (exact, for the cursor) */
  ts_key: string;
  device_id: string | null;
  seq: string | null;
  values: GradedSample['values'];
  flags: GradedSample['flags'];
  classes: GradedSample['classes'];
  overall: number | null;
  target_class: number;
  compliant: boolean | null;
  primary_pollutants: ParameterKey[];
  exceedance: GradedSample['exceedance'];
  implausible: ParameterKey[];
}

/** The GradedSample the pipeline built before it stored the row (undefined fields stay absent). */
export function committedSampleOf(r: CommittedSampleRow): GradedSample {
  return {
    station: r.station_code,
    ts: new Date(r.ts),
    ...(r.device_id !== null ? { device: r.device_id } : {}),
    ...(r.seq !== null ? { seq: Number(r.seq) } : {}),
    values: r.values,
    flags: r.flags,
    classes: r.classes,
    ...(r.overall !== null ? { overall: r.overall as WaterClass } : {}),
    targetClass: r.target_class as WaterClass,
    ...(r.compliant !== null ? { compliant: r.compliant } : {}),
    primary: r.primary_pollutants,
    exceedance: r.exceedance,
    implausible: r.implausible,
  };
}
