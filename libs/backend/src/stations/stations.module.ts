import { Module } from '@nestjs/common';
import { StationCatalogueModule } from './station-catalogue.module';
import { StationsController } from './stations.controller';

/** The station catalogue and river topology (SPEC §4) with its HTTP API: /api/v1/stations, /api/v1/rivers. */
@Module({
  imports: [StationCatalogueModule],
  controllers: [StationsController],
  exports: [StationCatalogueModule],
})
export class StationsModule {}
