/**
 * Hard bounds on everything the emulator keeps in memory or accepts from a client. The emulator
 * is a test bed that may be fed garbage on purpose, so every collection has a ceiling and every
 * input a maximum size: bad input gets a clear 4xx, never unbounded growth.
 */

/** Largest request body accepted (API and control routes); larger bodies get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Bytes of an oversized body the server still reads (and discards) before answering 413, so that
 * the client sees the 413 instead of a broken pipe. Beyond this the connection is destroyed.
 */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Sync Services (besides the default one). */
export const MAX_SYNC_SERVICES = 100;
/** Sync Maps across all services. */
export const MAX_SYNC_MAPS = 10_000;
/** Sync Map Items across all maps. */
export const MAX_SYNC_ITEMS = 100_000;
/** Total bytes of Map Item data across all maps (each item is at most 16 KiB). */
export const MAX_SYNC_DATA_BYTES = 128 * 1024 * 1024;

/** Verify Services. */
export const MAX_VERIFY_SERVICES = 1_000;
/** Verifications kept (finished ones are evicted first). */
export const MAX_VERIFICATIONS = 10_000;
/**
 * Verify Service Rate Limit counting windows (one per Bucket and key value) open at once; closed
 * ones are dropped first. Rate Limits and Buckets themselves are capped by Twilio's quotas.
 */
export const MAX_RATE_LIMIT_WINDOWS = 100_000;

/** Messages and Calls kept per kind; the oldest are dropped beyond this. */
export const MAX_RECORDED_SENDS = 5_000;
/** Request log entries kept; counts keep growing, the oldest entries are dropped. */
export const MAX_LOG_ENTRIES = 5_000;
/** Fault rules registered at once. */
export const MAX_FAULTS = 100;
/** Latency rules registered at once. */
export const MAX_LATENCY_RULES = 50;
/** Per-number Lookup overrides. */
export const MAX_LOOKUP_OVERRIDES = 10_000;
/** Longest route selector (method + glob or regex) accepted by the control API. */
export const MAX_ROUTE_SELECTOR_LENGTH = 500;
/** Longest injected latency, so a typo cannot park a request for hours. */
export const MAX_LATENCY_MS = 60_000;
/** Accounts known at once (main accounts learned from credentials, and subaccounts). */
export const MAX_ACCOUNTS = 10_000;
/** Subaccounts per main account (Twilio's default limit is 1000). */
export const MAX_SUBACCOUNTS_PER_ACCOUNT = 1_000;
/** Usage Triggers per account. */
export const MAX_USAGE_TRIGGERS_PER_ACCOUNT = 1_000;
/** Usage ledger entries: one per account, category and GMT day. */
export const MAX_USAGE_BUCKETS = 100_000;
/** Outgoing callbacks (trigger firings, Debugger events) kept in the record. */
export const MAX_RECORDED_CALLBACKS = 5_000;
/** Monitor Alerts kept; the oldest are dropped beyond this. */
export const MAX_MONITOR_ALERTS = 10_000;
/** Longest configurable Usage Trigger firing delay. */
export const MAX_FIRING_DELAY_MS = 600_000;
/** Serverless Services. */
export const MAX_SERVERLESS_SERVICES = 100;
/** Function log lines kept across all environments (a report bench feeds 100,000). */
export const MAX_SERVERLESS_LOG_LINES = 250_000;
/** SIP resources per account and kind (IP ACLs, credential lists, domains; Twilio allows 1000 ACLs). */
export const MAX_SIP_RESOURCES_PER_ACCOUNT = 1_000;
/** Entries per IP ACL or credential list (Twilio: 100 addresses per ACL). */
export const MAX_SIP_ENTRIES_PER_LIST = 100;
/** Elastic SIP Trunks per account. */
export const MAX_TRUNKS_PER_ACCOUNT = 1_000;
/** Incoming phone numbers per account. */
export const MAX_NUMBERS_PER_ACCOUNT = 10_000;
/** API keys per account. */
export const MAX_KEYS_PER_ACCOUNT = 1_000;
/** Items in one Voice BulkCountryUpdates request or Messaging Geo Permissions update. */
export const MAX_PERMISSION_UPDATES = 500;
