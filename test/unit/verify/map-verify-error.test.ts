import { mapVerifyError, VERIFY_LOCK_RETRY_AFTER_SECONDS } from '../../../src/core/verify';

describe('mapVerifyError', () => {
  it("maps Verify's lock after 5 wrong codes (60202) to a 429 with the real wait, on a check and on a start", () => {
    for (const operation of ['check', 'start'] as const) {
      const error = mapVerifyError({ status: 429, code: 60202, message: 'Max check attempts reached' }, operation);
      expect(error).toMatchObject({ code: 'ERR_GATE_THROTTLED', status: 429, message: 'Too many wrong codes for this number. Wait 10 minutes, then request a new code.' });
      expect(error.headers).toEqual({ 'Retry-After': String(VERIFY_LOCK_RETRY_AFTER_SECONDS) });
    }
    expect(VERIFY_LOCK_RETRY_AFTER_SECONDS).toBe(600);
  });

  it('reads a 60200 on a start that sent RateLimits as the operator setup, by its code whatever the wording', () => {
    for (const message of ['Invalid parameter: RateLimits', 'Invalid parameter', 'Paramètre invalide']) {
      const error = mapVerifyError({ status: 400, code: 60200, message }, 'start', { rateLimits: true });
      expect(error).toMatchObject({ code: 'ERR_GATE_CONFIG', status: 500, logDetail: { setting: 'GATE_VERIFY_RATE_LIMITS' } });
    }
  });

  it('keeps a 60200 a 400 when no RateLimits were sent, and on a check', () => {
    expect(mapVerifyError({ status: 400, code: 60200, message: 'Invalid parameter: RateLimits' }, 'start', { rateLimits: false }).code).toBe('ERR_GATE_INVALID_PARAMETER');
    expect(mapVerifyError({ status: 400, code: 60200 }, 'check', { rateLimits: true }).code).toBe('ERR_GATE_INVALID_PARAMETER');
  });
});
