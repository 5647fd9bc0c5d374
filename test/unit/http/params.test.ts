import { GateError, optionalOneOf, optionalString, readHeaders, readParams, requireString } from '../../../src/core/http';

function errorOf(run: () => unknown): GateError {
  try {
    run();
  } catch (error) {
    if (error instanceof GateError) return error;
    throw error;
  }
  throw new Error('expected a GateError');
}

describe('readParams', () => {
  it('drops the runtime request key, which a JSON body can overwrite', () => {
    expect(readParams({ to: '+447700900123', request: { headers: { authorization: 'x' } } })).toEqual({ to: '+447700900123' });
  });

  it.each([null, undefined, 'text', 42])('returns no parameters for %p', (event) => {
    expect(readParams(event)).toEqual({});
  });
});

describe('readHeaders', () => {
  it('lower-cases names and keeps string values', () => {
    expect(readHeaders({ request: { headers: { Origin: 'https://a.example', 'x-multi': ['one', 'two'] }, cookies: {} } })).toEqual({
      origin: 'https://a.example',
      'x-multi': 'one',
    });
  });

  it.each([{}, { request: null }, { request: { headers: 'x' } }, { request: { headers: { origin: 'https://a.example' } } }, { request: 'x' }, null])('returns no headers for %p, which is not the runtime request', (event) => {
    expect(readHeaders(event)).toEqual({});
  });
});

describe('string parameters', () => {
  it('reads strings and numbers', () => {
    expect(requireString({ code: '123456' }, 'code')).toBe('123456');
    expect(requireString({ code: 123456 }, 'code')).toBe('123456');
  });

  it.each([
    [{}, /'to' is required/],
    [{ to: '' }, /'to' is required/],
    [{ to: null }, /'to' is required/],
    [{ to: ['a', 'b'] }, /'to' must be given once/],
    [{ to: { $gt: '' } }, /'to' must be a string/],
    [{ to: true }, /'to' must be a string/],
    [{ to: Number.NaN }, /'to' must be a string/],
    [{ to: 'x'.repeat(257) }, /at most 256 characters/],
  ])('refuses %p with a 400 naming the parameter', (params, message) => {
    const error = errorOf(() => requireString(params, 'to'));
    expect(error.code).toBe('ERR_GATE_INVALID_PARAMETER');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
  });

  it('checks the pattern and says what is expected', () => {
    const rule = { pattern: /^\d{4,10}$/, expected: '4 to 10 digits' };
    expect(errorOf(() => requireString({ code: '12a' }, 'code', rule)).message).toBe("Parameter 'code' must be 4 to 10 digits.");
    expect(optionalString({}, 'code', rule)).toBeUndefined();
  });

  it('reads one of a set of values', () => {
    expect(optionalOneOf({ channel: 'sms' }, 'channel', ['sms', 'call'])).toBe('sms');
    expect(optionalOneOf({}, 'channel', ['sms', 'call'])).toBeUndefined();
    expect(errorOf(() => optionalOneOf({ channel: 'fax' }, 'channel', ['sms', 'call'])).message).toMatch(/must be one of sms, call/);
  });
});
