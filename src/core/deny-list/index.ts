export * from './deny-target';
export * from './ttl-cache';
export * from './deny-list-store';
export * from './deny-list';
