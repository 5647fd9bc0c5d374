export * from './defaults';
export * from './policy-error';
export * from './parse-policy';
export * from './load-policy';
export * from './read-policy-asset';
export * from './parse-strict';
export * from './strict-policy';
export * from './policy-file-format';
