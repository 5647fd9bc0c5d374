import { classifyTwilioError, hasTwilioCode } from '../../../src/core/twilio';

describe('classifyTwilioError', () => {
  it.each([
    [{ status: 412, code: 54205 }, { kind: 'api', status: 412, code: 54205, retryable: false }],
    [{ status: 429, code: 54009 }, { kind: 'api', status: 429, code: 54009, retryable: true }],
    [{ status: 500, code: undefined }, { kind: 'api', status: 500, code: undefined, retryable: true }],
    [{ status: 404, code: '20404' }, { kind: 'api', status: 404, code: undefined, retryable: false }],
    [{ code: 'ECONNABORTED' }, { kind: 'transport', errno: 'ECONNABORTED', retryable: true }],
    [{ code: 'ECONNRESET', status: undefined }, { kind: 'transport', errno: 'ECONNRESET', retryable: true }],
    [{ code: 'ERR_CANCELED' }, { kind: 'transport', errno: 'ERR_CANCELED', retryable: true }],
    [new Error('boom'), { kind: 'unknown', retryable: false }],
    ['a string', { kind: 'unknown', retryable: false }],
    [null, { kind: 'unknown', retryable: false }],
    [{ code: 54205 }, { kind: 'unknown', retryable: false }],
  ])('classifies %p', (error, expected) => {
    expect(classifyTwilioError(error)).toEqual(expected);
  });

  it('matches a Twilio error code only on API errors', () => {
    expect(hasTwilioCode({ status: 412, code: 54205 }, 54205)).toBe(true);
    expect(hasTwilioCode({ status: 412, code: 54205 }, 54208)).toBe(false);
    expect(hasTwilioCode({ code: 54205 }, 54205)).toBe(false);
  });
});
