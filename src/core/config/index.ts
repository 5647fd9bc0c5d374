export * from './config-error';
export * from './parse-config';
export * from './did-you-mean';
export * from './voice-config';
export * from './sms-config';
export * from './deploy-check';
