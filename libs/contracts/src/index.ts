export * from './parameters';
export * from './topics';
export * from './reading-payload';
export * from './dead-letter-reason';
export * from './graded-sample';
