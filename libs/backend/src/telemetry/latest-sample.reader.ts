import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ParameterKey, WaterClass } from '@river/contracts';
import { DataSource } from 'typeorm';
import type { LatestSample, LatestSampleSource } from '../stations/latest-sample-source';

interface Row {
  station_code: string;
  ts: Date;
  values: Partial<Record<ParameterKey, number>>;
  classes: Partial<Record<ParameterKey, WaterClass>>;
  overall: number | null;
  compliant: boolean | null;
}

/** The latest graded sample per station (graded_sample, always PostgreSQL), for GET /stations/{code}. */
@Injectable()
export class LatestSampleReader implements LatestSampleSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latest(code: string): Promise<LatestSample | undefined> {
    return (await this.latestMany([code])).get(code);
  }

  async latestMany(codes: string[]): Promise<Map<string, LatestSample>> {
    const rows = (await this.dataSource.query(
      `SELECT g.station_code, g.ts, g."values", g.classes, g.overall, g.compliant
         FROM unnest($1::text[]) AS c(code)
         CROSS JOIN LATERAL (SELECT * FROM graded_sample s WHERE s.station_code = c.code ORDER BY s.ts DESC LIMIT 1) g`,
      [codes],
    )) as Row[];
    return new Map(
      rows.map((r) => [
        r.station_code,
        {
          ts: new Date(r.ts),
          values: r.values,
          classes: r.classes,
          overall: (r.overall ?? undefined) as WaterClass | undefined,
          compliant: r.compliant ?? undefined,
        },
      ]),
    );
  }
}
