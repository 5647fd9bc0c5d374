export * from './config-error';
export * from './parse-config';
