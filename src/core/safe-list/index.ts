export * from './safe-list';
export * from './safe-list-warning';
