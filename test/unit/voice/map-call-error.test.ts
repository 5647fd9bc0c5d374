import { CALLER_ID_CODES, DESTINATION_BLOCKED_CODES, mapCallError } from '../../../src/core/voice';

describe('mapCallError', () => {
  it.each([
    ['Geo Permissions 21215', { status: 400, code: 21215 }, 'ERR_GATE_DESTINATION_REFUSED', 403, false],
    ['no international permission 13227', { status: 403, code: 13227 }, 'ERR_GATE_DESTINATION_REFUSED', 403, false],
    ['a high-risk route block 32205', { status: 403, code: 32205 }, 'ERR_GATE_DESTINATION_REFUSED', 403, false],
    ['a trial account calling an unverified number 21219', { status: 400, code: 21219 }, 'ERR_GATE_DESTINATION_REFUSED', 403, false],
    ['an unowned caller id 21210', { status: 400, code: 21210 }, 'ERR_GATE_CONFIG', 500, true],
    ['an invalid caller id 21212', { status: 400, code: 21212 }, 'ERR_GATE_CONFIG', 500, true],
    ["Twilio's rate limit", { status: 429, code: 20429 }, 'ERR_GATE_THROTTLED', 429, false],
    ['a To Twilio refuses 21211', { status: 400, code: 21211 }, 'ERR_GATE_INVALID_PHONE_NUMBER', 400, false],
    ['a Twilio 5xx (the call may exist)', { status: 500, code: undefined }, 'ERR_GATE_UPSTREAM', 502, false],
    ['a 502 from a proxy (the call may exist)', { status: 502, code: undefined }, 'ERR_GATE_UPSTREAM', 502, false],
    ['any other API error', { status: 400, code: 21205 }, 'ERR_GATE_UPSTREAM', 502, false],
    ['a timeout (the call may exist)', { code: 'ECONNABORTED' }, 'ERR_GATE_UNAVAILABLE', 503, false],
    ['a reset (the call may exist)', { code: 'ECONNRESET' }, 'ERR_GATE_UNAVAILABLE', 503, false],
    ['a non-error throw', 'boom', 'ERR_GATE_UPSTREAM', 502, false],
  ])('maps %s to %s (%i), retrying with another caller id: %s', (_name, error, code, status, retry) => {
    const mapped = mapCallError(error);
    expect(mapped.error.code).toBe(code);
    expect(mapped.error.status).toBe(status);
    expect(mapped.retryWithAnotherCallerId).toBe(retry);
  });

  it('names the blocked and caller-id codes', () => {
    expect(DESTINATION_BLOCKED_CODES).toEqual([21215, 13227, 32205]);
    expect(CALLER_ID_CODES).toEqual([21210, 21212]);
  });

  it('keeps Twilio status and code for the log and says a transport failure has an unknown outcome', () => {
    expect(mapCallError({ status: 403, code: 21215, message: 'raw message for +447400123456' }).error.logDetail).toEqual({ twilioStatus: 403, twilioCode: 21215 });
    expect(mapCallError({ code: 'ECONNABORTED' }).error.logDetail).toEqual({ transport: 'ECONNABORTED', outcome: 'unknown' });
    expect(mapCallError({ status: 502, code: undefined }).error.logDetail).toEqual({ twilioStatus: 502, twilioCode: undefined, outcome: 'unknown' });
    expect(mapCallError({ code: 'ECONNABORTED' }).error.headers).toEqual({ 'Retry-After': '5' });
  });

  it('never puts a library message in the client message', () => {
    expect(mapCallError({ status: 400, code: 21205, message: 'Url https://secret.example is not valid' }).error.message).not.toMatch(/secret/);
  });
});
