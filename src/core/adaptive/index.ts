export * from './low-conversion';
export * from './parse-adaptive';
export * from './range-conversion-check';
