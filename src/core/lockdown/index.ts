export * from './lockdown-actions';
export * from './plan-lockdown';
export * from './read-lockdown';
export * from './rotate-token';
