export * from './problem';
export * from './case';
