export * from './identity-token';
export * from './request-identity';
