export * from './safe-list';
