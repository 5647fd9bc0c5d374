export * from './check-health';
export * from './health-cache';
export * from './gate-mode-report';
