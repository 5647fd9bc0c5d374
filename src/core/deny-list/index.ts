export * from './deny-list';
export * from './deny-destination';
