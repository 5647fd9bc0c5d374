export * from './config-reply';
export * from './decision-log';
export * from './destination-reply';
export * from './throttle-reply';
