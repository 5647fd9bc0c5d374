export * from './gate-runtime';
export * from './throttle-reply';
