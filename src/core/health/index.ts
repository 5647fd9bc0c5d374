export * from './check-health';
