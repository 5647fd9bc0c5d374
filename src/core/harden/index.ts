export * from './apply-plan';
export * from './plan-harden';
export * from './plan-step';
export * from './step-actions';
