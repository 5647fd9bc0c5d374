export * from './error-codes';
export * from './gate-error';
export * from './reply';
export * from './params';
export * from './cors';
export * from './bearer-auth';
export * from './app-token';
export * from './endpoint';
