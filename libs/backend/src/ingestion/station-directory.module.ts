import { Module } from '@nestjs/common';
import { StationCatalogueModule } from '../stations/station-catalogue.module';
import { CatalogueStationDirectory } from './catalogue-station-directory';
import { STATION_DIRECTORY } from './station-directory';

@Module({
  imports: [StationCatalogueModule],
  providers: [{ provide: STATION_DIRECTORY, useClass: CatalogueStationDirectory }],
  exports: [STATION_DIRECTORY],
})
export class StationDirectoryModule {}
