import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const CACHE_MS = 30_000;

/**
 * The device registry as the external-broker consumer needs it: which station a device belongs to.
 * Authentication is the external broker's job; this only ties a payload's device to the topic's station.
 */
@Injectable()
export class DeviceStationLookup {
  private readonly cache = new Map<string, { station: string | undefined; until: number }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The station of an enabled registered device, undefined otherwise. Throws when the database is down. */
  async stationOf(deviceId: string): Promise<string | undefined> {
    const now = Date.now();
    const hit = this.cache.get(deviceId);
    if (hit && hit.until > now) return hit.station;
    const rows = (await this.dataSource.query(
      'SELECT station_code FROM device WHERE id = $1 AND NOT disabled',
      [deviceId],
    )) as Array<{ station_code: string }>;
    const station = rows[0]?.station_code;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(deviceId, { station, until: now + CACHE_MS });
    return station;
  }

  /** The status topic names a station, not a device: mark that station's enabled devices. */
  async markStation(station: string, online: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE device SET online = $2, last_seen_at = CASE WHEN $2 THEN now() ELSE last_seen_at END
        WHERE station_code = $1 AND NOT disabled`,
      [station, online],
    );
  }
}
