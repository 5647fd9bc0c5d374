export * from './add-log-line';
export * from './decision-event';
export * from './finish-report';
export * from './log-record';
export * from './price-table';
export * from './report-state';
export * from './report-types';
export * from './time-buckets';
