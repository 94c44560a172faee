export * from './station-record';
