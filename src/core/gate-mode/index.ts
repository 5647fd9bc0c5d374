export * from './gate-mode';
export * from './gate-mode-store';
export * from './gate-mode-reader';
export * from './gate-mode-refusal';
