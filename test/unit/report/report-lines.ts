/** Log lines shaped exactly as the functions write them (captured from `npm start`), for the report's tests. */
const T0 = Date.parse('2026-12-04T10:00:00.000Z');

export const SINCE = T0;
export const UNTIL = T0 + 3_600_000;

function line(offsetMs: number, fields: Record<string, unknown>): { at: number; message: string } {
  const ts = new Date(T0 + offsetMs).toISOString();
  return { at: T0 + offsetMs, message: JSON.stringify({ ts, level: 'info', ...fields }) };
}

const throttleOk = { allowed: true, reason: 'ok', rule: 'verify-start', window: '10m', remaining: 2, retryAfterMs: 0, path: 'store', monitorOnly: false };
const mode = (gateMode: string) => ({ gateMode, gateModeSource: 'store' });

export function verifySent(offsetMs: number, to: string, country: string, gateMode = 'normal') {
  return line(offsetMs, { event: 'verify.start', fn: 'verify/start', outcome: 'sent', to, country, type: 'MOBILE', destination: { allowed: true, reason: 'allowed', rule: 'default' }, throttle: throttleOk, ...mode(gateMode) });
}

/** A verify.start record naming the channel the code went on (the gate logs it since the report priced by channel). */
export function verifyOnChannel(offsetMs: number, to: string, country: string, channel: string, outcome: 'sent' | 'throttled') {
  const throttle = outcome === 'sent' ? throttleOk : { ...throttleOk, allowed: false, reason: 'limit_exceeded', rule: 'verify-prefix' };
  return line(offsetMs, { event: 'verify.start', fn: 'verify/start', outcome, channel, to, country, type: 'MOBILE', destination: { allowed: true, reason: 'allowed', rule: 'default' }, throttle, ...mode('normal') });
}

export function verifyCountryDenied(offsetMs: number, to: string, country: string) {
  return line(offsetMs, {
    event: 'verify.start',
    fn: 'verify/start',
    outcome: 'refused',
    to,
    country,
    destination: { allowed: false, reason: 'country_not_allowed', rule: 'destinations.countries.allow' },
    ...mode('normal'),
  });
}

export function verifyThrottled(offsetMs: number, to: string, country: string, path = 'store') {
  return line(offsetMs, {
    event: 'verify.start',
    fn: 'verify/start',
    outcome: 'throttled',
    to,
    country,
    destination: { allowed: true, reason: 'allowed', rule: 'default' },
    throttle: { ...throttleOk, allowed: false, reason: path === 'fallback' ? 'store_error_closed' : 'limit_exceeded', rule: 'verify-prefix', path },
    ...mode('normal'),
  });
}

export function verifyBackoff(offsetMs: number, to: string, country: string) {
  return line(offsetMs, {
    event: 'verify.start',
    fn: 'verify/start',
    outcome: 'backoff',
    to,
    country,
    destination: { allowed: true, reason: 'allowed', rule: 'default' },
    throttle: throttleOk,
    backoff: { rule: 'backoff', scope: to, reason: 'backoff', unconvertedStarts: 1, waitMs: 30000, path: 'store', refused: true },
    ...mode('normal'),
  });
}

export function verifyBudgetRefused(offsetMs: number, to: string, country: string, budgetScope: string) {
  return line(offsetMs, {
    event: 'verify.start',
    fn: 'verify/start',
    outcome: 'unconverted_budget',
    to,
    country,
    destination: { allowed: true, reason: 'allowed', rule: 'default' },
    budget: { rule: 'unconverted-budget', budgetScope, scope: country, window: '1d', reason: 'over_budget', starts: 10, approvals: 0, outstanding: 10, budget: 10, path: 'store', refused: true },
    ...mode('normal'),
  });
}

export function verifyIdentityRequired(offsetMs: number) {
  return line(offsetMs, { event: 'verify.start', fn: 'verify/start', outcome: 'identity_required', identity: 'anonymous', problem: 'missing', ...mode('normal') });
}

export function verifyCheck(offsetMs: number, to: string, valid: boolean) {
  return line(offsetMs, { event: 'verify.check', fn: 'verify/check', outcome: 'checked', to, valid, rememberedAsVerified: valid, conversionRecorded: valid });
}

export function smsOutbound(offsetMs: number, outcome: 'sent' | 'refused', to: string, country: string) {
  const destination = outcome === 'sent' ? { allowed: true, reason: 'allowed', rule: 'default' } : { allowed: false, reason: 'prefix_denied', rule: 'destinations.prefixes.deny[+3712]' };
  return line(offsetMs, { event: 'sms.outbound', fn: 'sms/outbound', outcome, template: 'appointment-reminder', to, country, destination, ...mode('normal') });
}

export function voiceOutbound(offsetMs: number, outcome: 'placed' | 'refused', to: string, country: string) {
  const destination = outcome === 'placed' ? { allowed: true, reason: 'allowed', rule: 'default' } : { allowed: false, reason: 'line_type_not_allowed', rule: 'destinations.lineTypes.voice' };
  return line(offsetMs, { event: 'voice.outbound', fn: 'voice/outbound', outcome, to, country, destination, ...mode('normal') });
}

export function inboundCallRejected(offsetMs: number, from: string) {
  return line(offsetMs, {
    event: 'voice.inbound',
    fn: 'voice/inbound',
    outcome: 'rejected',
    reason: 'throttled',
    rule: 'voice-inbound',
    callSid: `CA${'d'.repeat(32)}`,
    from,
    callerCountry: 'US',
    throttle: { ...throttleOk, allowed: false, reason: 'limit_exceeded', rule: 'voice-inbound' },
  });
}

export function lockdown(offsetMs: number, path: string) {
  return line(offsetMs, { event: 'gate.lockdown', fn: path, code: 'ERR_GATE_LOCKDOWN', status: 503, path, ...mode('lockdown') });
}

export function requestRefused(offsetMs: number) {
  return line(offsetMs, { event: 'request.refused', fn: 'verify/start', code: 'ERR_GATE_THROTTLED', status: 429 });
}

export function usageAlert(offsetMs: number) {
  return line(offsetMs, { level: 'warn', event: 'usage.alert', outcome: 'handled', usageCategory: 'sms', action: 'lockdown', source: 'trigger', gateMode: 'lockdown' });
}

export function plainText(offsetMs: number, message: string) {
  return { at: T0 + offsetMs, message };
}
