export * from './base-url-request-client';
export * from './create-client';
export * from './classify-error';
