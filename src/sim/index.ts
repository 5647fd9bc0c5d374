export * from './parse-scenario';
export * from './scenario';
export * from './scenario-error';
export * from './simulate';
