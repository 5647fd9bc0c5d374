export * from './check-health';
export * from './health-cache';
