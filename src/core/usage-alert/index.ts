export * from './usage-alert-rules';
export * from './usage-alert-request';
export * from './handle-usage-alert';
export * from './usage-alert-log';
export * from './usage-alert-ports';
