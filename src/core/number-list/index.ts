export * from './number-list';
export * from './number-list-error';
export * from './number-list-store';
export * from './number-target';
export * from './rewrite-item';
export * from './ttl-cache';
