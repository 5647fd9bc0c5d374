export * from './normalize';
export * from './parse-phone';
export * from './prefix-matcher';
export * from './evaluate-destination';
