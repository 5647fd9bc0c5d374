export * from './gate-runtime';
export * from './throttle-reply';
export * from './decision-log';
export * from './destination-reply';
export * from './enter-gate';
export * from './usage-alert-gate';
export * from './debugger-alert-gate';
