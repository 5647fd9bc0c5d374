import {
  ConfigError,
  DEFAULT_CALL_TIME_LIMIT_SECONDS,
  DEFAULT_INBOUND_ON_ERROR,
  MAX_CALL_TIME_LIMIT_SECONDS,
  parseVoiceConfig,
} from '../../../src/core/config';

function problemOf(env: Record<string, string>): ConfigError {
  try {
    parseVoiceConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('parseVoiceConfig accepted the settings');
}

describe('parseVoiceConfig', () => {
  it('pins the defaults', () => {
    expect(parseVoiceConfig({})).toEqual({
      callTimeLimitSeconds: 600,
      callerIdPool: [],
      callTwiml: undefined,
      callStatusCallback: undefined,
      voiceAppUrl: undefined,
      forwardTo: [],
      inboundOnError: 'admit',
    });
    expect(DEFAULT_CALL_TIME_LIMIT_SECONDS).toBe(600);
    expect(MAX_CALL_TIME_LIMIT_SECONDS).toBe(14_400);
    expect(DEFAULT_INBOUND_ON_ERROR).toBe('admit');
  });

  it('reads every setting', () => {
    expect(
      parseVoiceConfig({
        GATE_CALL_TIME_LIMIT: '5m',
        GATE_CALLER_ID_POOL: '+14155552671, +14155552672',
        GATE_CALL_TWIML_URL: 'https://example.com/voice/answer',
        GATE_CALL_STATUS_CALLBACK: 'https://example.com/voice/status',
        GATE_VOICE_APP_URL: '/voice/menu',
        GATE_FORWARD_TO: '+447911123456',
        GATE_VOICE_INBOUND_ON_ERROR: 'reject',
      }),
    ).toEqual({
      callTimeLimitSeconds: 300,
      callerIdPool: ['+14155552671', '+14155552672'],
      callTwiml: { kind: 'url', url: 'https://example.com/voice/answer' },
      callStatusCallback: 'https://example.com/voice/status',
      voiceAppUrl: '/voice/menu',
      forwardTo: ['+447911123456'],
      inboundOnError: 'reject',
    });
  });

  it.each([
    ['600', 600],
    ['90s', 90],
    ['10m', 600],
    ['4h', 14_400],
    ['1', 1],
  ])('reads GATE_CALL_TIME_LIMIT %s as %i seconds', (value, seconds) => {
    expect(parseVoiceConfig({ GATE_CALL_TIME_LIMIT: value }).callTimeLimitSeconds).toBe(seconds);
  });

  it('accepts an inline TwiML template, with or without an XML declaration', () => {
    const twiml = '<Response><Say>Your order is ready.</Say></Response>';
    expect(parseVoiceConfig({ GATE_CALL_TWIML: twiml }).callTwiml).toEqual({ kind: 'twiml', twiml });
    const declared = `<?xml version="1.0" encoding="UTF-8"?>${twiml}`;
    expect(parseVoiceConfig({ GATE_CALL_TWIML: declared }).callTwiml).toEqual({ kind: 'twiml', twiml: declared });
  });

  it.each([
    ['a zero time limit', { GATE_CALL_TIME_LIMIT: '0' }, 'GATE_CALL_TIME_LIMIT', /from 1s to 4h/],
    ['a time limit above 4h', { GATE_CALL_TIME_LIMIT: '5h' }, 'GATE_CALL_TIME_LIMIT', /from 1s to 4h/],
    ['a time limit in words', { GATE_CALL_TIME_LIMIT: '10 minutes' }, 'GATE_CALL_TIME_LIMIT', /use seconds \(600\) or a duration/],
    ['a caller id without +', { GATE_CALLER_ID_POOL: '+14155552671,4155552672' }, 'GATE_CALLER_ID_POOL', /entry 2 is not an E\.164 number/],
    ['a repeated caller id', { GATE_CALLER_ID_POOL: '+14155552671,+14155552671' }, 'GATE_CALLER_ID_POOL', /entry 2 repeats an earlier number/],
    ['51 caller ids', { GATE_CALLER_ID_POOL: Array.from({ length: 51 }, (_, i) => `+1415555${String(1000 + i)}`).join(',') }, 'GATE_CALLER_ID_POOL', /at most 50/],
    ['11 forwarding numbers', { GATE_FORWARD_TO: Array.from({ length: 11 }, (_, i) => `+4479111234${String(10 + i)}`).join(',') }, 'GATE_FORWARD_TO', /at most 10/],
    ['an ftp TwiML URL', { GATE_CALL_TWIML_URL: 'ftp://example.com/x' }, 'GATE_CALL_TWIML_URL', /not an http\(s\) URL/],
    ['a TwiML URL with credentials', { GATE_CALL_TWIML_URL: 'https://user:pw@example.com/x' }, 'GATE_CALL_TWIML_URL', /without credentials/],
    ['TwiML without <Response>', { GATE_CALL_TWIML: '<Say>hi</Say>' }, 'GATE_CALL_TWIML', /not a TwiML document/],
    ['TwiML over 4000 characters', { GATE_CALL_TWIML: `<Response>${'x'.repeat(4000)}</Response>` }, 'GATE_CALL_TWIML', /at most 4000/],
    ['both TwiML and a TwiML URL', { GATE_CALL_TWIML: '<Response/>', GATE_CALL_TWIML_URL: 'https://example.com/x' }, 'GATE_CALL_TWIML', /set only one of them/],
    ['a status callback without scheme', { GATE_CALL_STATUS_CALLBACK: 'example.com/status' }, 'GATE_CALL_STATUS_CALLBACK', /not an http\(s\) URL/],
    ['a relative app URL', { GATE_VOICE_APP_URL: 'voice/menu' }, 'GATE_VOICE_APP_URL', /neither an http\(s\) URL nor a path/],
    ['an unknown inbound fallback', { GATE_VOICE_INBOUND_ON_ERROR: 'open' }, 'GATE_VOICE_INBOUND_ON_ERROR', /not 'admit' or 'reject'/],
  ])('refuses %s, naming the setting and the fix', (_name, env, setting, message) => {
    const error = problemOf(env);
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(message);
  });

  it('never echoes a number from an invalid list', () => {
    expect(problemOf({ GATE_FORWARD_TO: '+447911123456,07911 123457' }).message).not.toMatch(/7911/);
  });
});
