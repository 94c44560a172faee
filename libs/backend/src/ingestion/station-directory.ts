import type { StationInfo } from './raw-message';

/**
 * What ingestion needs from the station catalogue. The default adapter reads `StationsService.get(code)`
 * (libs/backend/src/stations, cached there); tests and replay may provide their own.
 */
export interface StationDirectory {
  get(code: string): Promise<StationInfo | undefined>;
}
export const STATION_DIRECTORY = Symbol('STATION_DIRECTORY');
