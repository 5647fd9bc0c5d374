export * from './adaptive-check';
export * from './adaptive-logs';
export * from './backoff';
export * from './block-memory';
export * from './low-conversion';
export * from './number-backoff-check';
export * from './parse-adaptive';
export * from './range-conversion-check';
