import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { StationRecord } from '@river/catalogue';
import { DataSource, Repository } from 'typeorm';
import { StationEntity, toStationRecord } from './station.entity';
import { STATION_COLUMNS, stationToRow } from './station-row';

/** The only door to the `station` table. */
@Injectable()
export class StationsRepository {
  constructor(
    @InjectRepository(StationEntity) private readonly stations: Repository<StationEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async all(): Promise<StationRecord[]> {
    const rows = await this.stations.find({ order: { code: 'ASC' } });
    return rows.map(toStationRecord);
  }

  /** Inserts or replaces the given stations in one transaction: all or nothing. */
  async upsertAll(records: readonly StationRecord[]): Promise<{ created: number; updated: number }> {
    const updates = STATION_COLUMNS.filter((c) => c !== 'code')
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ');
    const placeholders = STATION_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    return this.dataSource.transaction(async (manager) => {
      let created = 0;
      for (const record of records) {
        // xmax = 0 only for a freshly inserted row: tells created from updated without a second query
        const [row] = (await manager.query(
          `INSERT INTO station (${STATION_COLUMNS.join(', ')}) VALUES (${placeholders})
           ON CONFLICT (code) DO UPDATE SET ${updates}, updated_at = now()
           RETURNING (xmax = 0) AS inserted`,
          stationToRow(record),
        )) as Array<{ inserted: boolean }>;
        if (row?.inserted) created++;
      }
      return { created, updated: records.length - created };
    });
  }
}
