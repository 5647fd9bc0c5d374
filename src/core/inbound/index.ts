export * from './classify-caller';
export * from './inbound-caller-rules';
export * from './serial-queue';
export * from './screen-sender';
export * from './origin-memory';
export * from './origin-share';
export * from './origin-share-check';
export * from './origin-share-logs';
