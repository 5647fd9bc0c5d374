import type { LogRecord } from './log-record';

/** The endpoints whose records are decisions, by the event each logs. */
const DECISION_EVENTS: Readonly<Record<string, string>> = {
  'verify.start': 'verify/start',
  'verify.check': 'verify/check',
  'sms.outbound': 'sms/outbound',
  'voice.outbound': 'voice/outbound',
  'voice.inbound': 'voice/inbound',
  'voice.forward': 'voice/forward',
  'sms.inbound': 'sms/inbound',
};

/** What a decision came to: let through, refused by a rule, failed upstream, or something else. */
export type Verdict = 'allowed' | 'refused' | 'failed' | 'other';

const ALLOWED_OUTCOMES = new Set(['sent', 'placed', 'admitted', 'forwarded', 'checked']);
const REFUSED_OUTCOMES = new Set(['refused', 'throttled', 'low_conversion', 'backoff', 'unconverted_budget', 'range_repeats', 'identity_required', 'channel_refused', 'not_verified', 'rejected', 'dropped', 'invalid_number']);

/**
 * What a send would have cost: an SMS (or a code sent by SMS), an outbound call (or a code read
 * out by one), or a code sent on WhatsApp, which the Pricing API's SMS and voice lists do not
 * price (it is counted as unpriced).
 */
export type BillableKind = 'sms' | 'call' | 'whatsapp';

/** Which kind each money path bills; a verification's comes from its record's `channel`. */
const BILLABLE: Readonly<Record<string, BillableKind>> = { 'sms/outbound': 'sms', 'voice/outbound': 'call' };
const VERIFY_CHANNEL_BILLS: Readonly<Record<string, BillableKind>> = { sms: 'sms', call: 'call', whatsapp: 'whatsapp' };

/**
 * The kind a decision bills. A verify.start record names its channel; one without (written before
 * the gate logged it) is priced as the SMS carrying its code, the default channel.
 */
function billableOf(endpoint: string, fields: Readonly<Record<string, unknown>>): BillableKind | undefined {
  if (endpoint !== 'verify/start') return BILLABLE[endpoint];
  const channel = text(fields.channel);
  if (channel === undefined) return 'sms';
  return Object.hasOwn(VERIFY_CHANNEL_BILLS, channel) ? VERIFY_CHANNEL_BILLS[channel] : undefined;
}

/** One decision of one endpoint, reduced to what the report counts. */
export interface DecisionEvent {
  kind: 'decision';
  at: number;
  endpoint: string;
  outcome: string;
  verdict: Verdict;
  /** The rule that refused (refusals only): a policy rule, a throttle rule, an adaptive rule, `gate-mode`. */
  rule?: string;
  /** ISO country of the destination (or caller), when the record has one. */
  country?: string;
  /** The masked number as logged (`+4474******56~3b9e01aa`), when the record has one. */
  number?: string;
  /** The visible prefix of the masked number: `+4474`. */
  range?: string;
  billable?: BillableKind;
  /** The gate mode the decision ran in (money paths log it). */
  gateMode?: string;
  /** verify/check: whether the code was right. */
  approved?: boolean;
  /** An adaptive rule that refused, or in monitor mode would have. */
  adaptive?: { rule: 'low-conversion' | 'backoff'; refused: boolean; scope?: string };
  /** Store trouble behind the decision: a throttle fallback, a deny/safe list or gate mode store error. */
  storeIncident?: string;
}

/** A usage-trigger or debugger alert the gate acted on (or refused to). */
export interface AlertEvent {
  kind: 'alert';
  at: number;
  source: 'usage' | 'debugger';
  outcome: string;
  action?: string;
  /** The usage category or the error code the alert was about. */
  subject?: string;
  /** The gate mode the alert switched to, when it switched one. */
  gateMode?: string;
}

export type ReportEvent = DecisionEvent | AlertEvent;

type Fields = Record<string, unknown>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function object(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** `+4474******56~3b9e01aa` -> `+4474`: the digits the mask keeps in front. */
export function visiblePrefix(masked: string): string | undefined {
  const match = /^\+\d+(?=\*)/.exec(masked);
  return match ? match[0] : undefined;
}

function verdictOf(event: string, fields: Fields): Verdict {
  const outcome = text(fields.outcome) ?? '';
  if (event === 'gate.lockdown') return 'refused';
  if (ALLOWED_OUTCOMES.has(outcome)) return 'allowed';
  if (REFUSED_OUTCOMES.has(outcome)) return 'refused';
  return outcome === 'failed' ? 'failed' : 'other';
}

/** The rule behind a refusal, from the most specific field a record carries. */
function refusingRule(event: string, fields: Fields): string {
  if (event === 'gate.lockdown') return 'gate-mode';
  const adaptive = object(fields.adaptive);
  if (adaptive?.refused === true) return 'low-conversion';
  const backoff = object(fields.backoff);
  if (backoff?.refused === true) return 'backoff';
  // An unentered-code budget, named by its scope: `unconverted:country`, `unconverted:prefix:8`.
  const budget = object(fields.budget);
  if (budget?.refused === true) return `unconverted:${text(budget.budgetScope) ?? 'unknown'}`;
  if (fields.outcome === 'identity_required') return 'identity';
  const top = text(fields.rule);
  if (top) return top;
  const destination = object(fields.destination);
  if (destination?.allowed === false && text(destination.rule)) return text(destination.rule) as string;
  for (const name of ['throttle', 'overall']) {
    const throttle = object(fields[name]);
    if (throttle?.allowed === false && text(throttle.rule)) return text(throttle.rule) as string;
  }
  if (fields.outcome === 'channel_refused') return 'verify.channels';
  if (fields.outcome === 'not_verified') return 'sms.verified-recipients';
  return text(fields.outcome) ?? 'unknown';
}

function adaptiveOf(fields: Fields): DecisionEvent['adaptive'] {
  for (const [name, rule] of [['adaptive', 'low-conversion'], ['backoff', 'backoff']] as const) {
    const part = object(fields[name]);
    if (part && (part.refused === true || part.wouldRefuse === true)) return { rule, refused: part.refused === true, scope: text(part.scope) };
  }
  return undefined;
}

/** The first store trouble a record shows, named by where it happened. */
function storeIncidentOf(fields: Fields): string | undefined {
  for (const name of ['throttle', 'overall']) {
    const throttle = object(fields[name]);
    if (throttle?.path === 'fallback') return `${name}:${text(throttle.reason) ?? 'fallback'}`;
  }
  for (const name of ['denyList', 'safeList']) {
    const list = object(fields[name]);
    if (list && text(list.storeError)) return `${name}:${text(list.storeError)}`;
  }
  const modeError = text(fields.gateModeStoreError);
  return modeError ? `gateMode:${modeError}` : undefined;
}

function alertEvent(record: LogRecord, source: AlertEvent['source']): AlertEvent {
  const { fields } = record;
  const subject = source === 'usage' ? text(fields.usageCategory) : fields.errorCode === undefined ? undefined : String(fields.errorCode);
  const action = text(fields.action) ?? text(object(fields.rule)?.action);
  return { kind: 'alert', at: record.at, source, outcome: text(fields.outcome) ?? 'unknown', action, subject, gateMode: text(fields.gateMode) };
}

/**
 * What a record means for the report: a decision, an alert, or nothing (`undefined`: the record
 * is some other event, such as `request.refused`, which repeats a decision's answer).
 *
 * @example
 * toReportEvent({ at, event: 'sms.outbound', fields: { outcome: 'refused', country: 'LV', ... } }) // { kind: 'decision', verdict: 'refused', ... }
 */
export function toReportEvent(record: LogRecord): ReportEvent | undefined {
  const { event, fields } = record;
  if (event === 'usage.alert') return alertEvent(record, 'usage');
  if (event === 'debugger.alert') return alertEvent(record, 'debugger');
  const endpoint = event === 'gate.lockdown' ? text(fields.path) : DECISION_EVENTS[event];
  if (!endpoint) return undefined;
  const verdict = verdictOf(event, fields);
  const number = text(fields.to) ?? text(fields.from);
  const range = number ? visiblePrefix(number) : undefined;
  return {
    kind: 'decision',
    at: record.at,
    endpoint,
    outcome: event === 'gate.lockdown' ? 'lockdown' : (text(fields.outcome) ?? 'unknown'),
    verdict,
    rule: verdict === 'refused' ? refusingRule(event, fields) : undefined,
    country: text(fields.country) ?? text(fields.callerCountry),
    number: range ? number : undefined,
    range,
    billable: billableOf(endpoint, fields),
    gateMode: text(fields.gateMode),
    approved: event === 'verify.check' && verdict === 'allowed' ? fields.valid === true : undefined,
    adaptive: adaptiveOf(fields),
    storeIncident: storeIncidentOf(fields),
  };
}
