export * from './classify-caller';
export * from './inbound-caller-rules';
export * from './serial-queue';
export * from './screen-sender';
