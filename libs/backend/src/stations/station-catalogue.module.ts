import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StationEntity } from './station.entity';
import { StationsRepository } from './stations.repository';
import { StationsService } from './stations.service';

/**
 * The station catalogue without HTTP routes: what the ingestion side imports (StationsService.get on
 * every message). An ingest-only process has no authentication guard, so it must not serve the routes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StationEntity])],
  providers: [StationsRepository, StationsService],
  exports: [StationsService],
})
export class StationCatalogueModule {}
