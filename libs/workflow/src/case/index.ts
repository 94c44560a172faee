export * from './case-state';
export * from './escalation';
