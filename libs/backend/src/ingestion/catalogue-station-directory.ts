import { Injectable } from '@nestjs/common';
import { StationsService } from '../stations/stations.service';
import type { StationInfo } from './raw-message';
import type { StationDirectory } from './station-directory';

/** Ingestion's view of the station catalogue: StationsService.get (cached there). */
@Injectable()
export class CatalogueStationDirectory implements StationDirectory {
  constructor(private readonly stations: StationsService) {}

  async get(code: string): Promise<StationInfo | undefined> {
    const s = await this.stations.get(code);
    return s && { code: s.code, waterBody: s.waterBody, targetClass: s.targetClass };
  }
}
