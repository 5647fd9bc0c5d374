export * from './debugger-alert-rules';
export * from './debugger-alert-request';
export * from './handle-debugger-alert';
export * from './debugger-alert-ports';
export * from './debugger-alert-log';
