export * from './station-record';
export * from './station-schema';
export * from './catalogue-validation';
export * from './catalogue-io';
export * from './river-topology';
export { defaultCatalogue, defaultTopology } from './default-catalogue';
