import { DEFAULT_DEBUGGER_CODES, debuggerCountRuleSets, parseDebuggerAlertRules, readDebuggerAlert, resourceKind } from '../../../src/core/debugger-alert';
import { parseRuleSets } from '../../../src/core/throttle/rules';

describe('parseDebuggerAlertRules', () => {
  it('pins the defaults: trunk alarms notify, blocked destinations of gate calls are denied for a day', () => {
    const rules = parseDebuggerAlertRules(undefined);
    expect(Object.keys(rules.codes).sort()).toEqual(Object.keys(DEFAULT_DEBUGGER_CODES).sort());
    expect(rules.codes['32201']).toEqual({ threshold: 20, per: '5m', action: 'notify', denyPrefix: null });
    expect(rules.codes['32203']).toEqual({ threshold: 1, per: '5m', action: 'notify', denyPrefix: { digits: 6, for: '1d', forSeconds: 86_400 } });
    expect(Object.values(rules.codes).every((rule) => rule.action === 'notify')).toBe(true);
  });

  it('overrides a default field by field, adds codes and switches codes off', () => {
    const rules = parseDebuggerAlertRules({ codes: { '32201': { action: 'lockdown' }, '32202': false, '30450': { threshold: 50, per: '1h', action: 'strict' } } });
    expect(rules.codes['32201']).toMatchObject({ threshold: 20, action: 'lockdown' });
    expect(rules.codes['32202']).toBeUndefined();
    expect(rules.codes['30450']).toEqual({ threshold: 50, per: '1h', action: 'strict', denyPrefix: null });
  });

  it.each([
    [{ codes: { '3220': { threshold: 1, per: '5m', action: 'notify' } } }, /5 digits/],
    [{ codes: { '32201': { threshold: 0 } } }, /threshold/],
    [{ codes: { '32201': { per: '10x' } } }, /\.per/],
    [{ codes: { '32201': { action: 'suspend' } } }, /\.action/],
    [{ codes: { '32203': { denyPrefix: { digits: 2, for: '1d' } } } }, /denyPrefix\.digits/],
    [{ codes: { '32203': { denyPrefix: { digits: 6, for: '90d' } } } }, /denyPrefix\.for/],
    [{ codes: { '40000': { per: '5m', action: 'notify' } } }, /threshold/],
    [{ code: {} }, /did you mean 'codes'/],
  ])('refuses %j naming the key', (value, message) => {
    expect(() => parseDebuggerAlertRules(value)).toThrow(message);
  });

  it('compiles into throttle rule sets the engine accepts, one per code', () => {
    const ruleSets = parseRuleSets(debuggerCountRuleSets(parseDebuggerAlertRules(undefined)), {});
    expect(ruleSets.get('debugger-32201')).toMatchObject({ action: 'debugger-32201', windows: [{ limit: 20, per: '5m' }], onStoreError: 'open' });
  });
});

describe('readDebuggerAlert', () => {
  const ACCOUNT = `AC${'1'.repeat(32)}`;
  it('takes only the code and the resource from the Payload', () => {
    const read = readDebuggerAlert({ AccountSid: ACCOUNT, Payload: JSON.stringify({ error_code: 32201, resource_sid: `TK${'2'.repeat(32)}`, more_info: { to: '+447400123456' } }) });
    expect(read).toEqual({ ok: true, alert: { accountSid: ACCOUNT, errorCode: '32201', resourceSid: `TK${'2'.repeat(32)}` } });
  });

  it.each([
    [{ Payload: '{}' }, 'missing_account'],
    [{ AccountSid: ACCOUNT }, 'missing_payload'],
    [{ AccountSid: ACCOUNT, Payload: 'x'.repeat(20_001) }, 'missing_payload'],
    [{ AccountSid: ACCOUNT, Payload: '[' }, 'payload_not_json'],
    [{ AccountSid: ACCOUNT, Payload: JSON.stringify({ error_code: 'abc' }) }, 'missing_error_code'],
  ])('names the problem of %j', (params, problem) => {
    expect(readDebuggerAlert(params)).toEqual({ ok: false, problem });
  });

  it.each([
    [`TK${'0'.repeat(32)}`, 'trunk'],
    [`SD${'0'.repeat(32)}`, 'sip-domain'],
    [`CA${'0'.repeat(32)}`, 'call'],
    [undefined, 'none'],
  ])('tells %s is a %s', (sid, kind) => {
    expect(resourceKind(sid)).toBe(kind);
  });
});
