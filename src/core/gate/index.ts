export * from './gate-runtime';
export * from './enter-gate';
