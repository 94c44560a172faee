export { StationsModule } from './stations.module';
export { StationCatalogueModule } from './station-catalogue.module';
export { StationsService } from './stations.service';
export type { StationDetail, StationNeighbour, ImportResult } from './stations.service';
export { LATEST_SAMPLE_SOURCE } from './latest-sample-source';
export type { LatestSample, LatestSampleSource } from './latest-sample-source';
