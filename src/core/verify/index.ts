export * from './verify-requests';
export * from './map-verify-error';
export * from './verified-numbers';
export * from './start-verification';
export * from './start-verification-log';
export * from './check-verification';
export * from './verify-rate-limits';
export * from './verify-rate-limit-service';
