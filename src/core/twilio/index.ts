// `base-url-request-client` is deliberately not re-exported: it loads the whole twilio library,
// and `createTwilioClient` requires it only in local mode (see create-client.ts).
export * from './create-client';
export * from './classify-error';
export * from './api-base-url';
