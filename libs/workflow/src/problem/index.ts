export * from './problem-state';
export * from './problem-category';
export * from './problem-overdue';
export * from './problem-progress';
export * from './problem-row';
