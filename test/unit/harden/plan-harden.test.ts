import { countryPolicy, readable, type AccountSnapshot, type TriggerInfo } from '../../../src/core/audit';
import { emptySnapshot } from '../../helpers/account-snapshot';
import { planHarden, SPEND_TRIGGER_NAME, type HardenContext } from '../../../src/core/harden';

const NOW = Date.UTC(2026, 11, 4, 12);
const MAIN = `AC${'a'.repeat(32)}`;
const GATE = 'https://gate.twil.io';

function account(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return emptySnapshot(MAIN, 'main', { dailySpend: readable(Array(30).fill(1)), ...overrides });
}

const context: HardenContext = { now: NOW, countries: countryPolicy({ allow: [], deny: ['LV'] }), gateUrl: GATE, smsAllowListed: false };
const trigger = (overrides: Partial<TriggerInfo>): TriggerInfo => ({
  sid: `UT${'1'.repeat(32)}`,
  friendlyName: 'spend',
  usageCategory: 'totalprice',
  triggerBy: 'price',
  recurring: 'daily',
  triggerValue: 20,
  callbackUrl: `${GATE}/usage/alert`,
  callbackMethod: 'POST',
  dateFired: null,
  ...overrides,
});

describe('planHarden', () => {
  it('turns high-risk voice ranges off as a safe step and countries outside the policy off as a guarded one', () => {
    const voice = readable({ inherits: false, countries: [
      { isoCode: 'GB', lowRisk: true, highRiskSpecial: true, highRiskTollfraud: false },
      { isoCode: 'LV', lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false },
    ], parentCountries: null });
    const steps = planHarden([account({ voice })], { ...context, gateUrl: null });
    expect(steps.map((s) => [s.id, s.guarded])).toEqual([['voice.high-risk-off', false], ['voice.countries', true]]);
    expect(steps[0].action).toEqual({ kind: 'voice-flags', changes: [{ iso: 'GB', before: { lowRisk: true, highRiskSpecial: true, highRiskTollfraud: false }, after: { lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false } }] });
  });

  it("lets a subaccount inherit again (guarded) when its own permissions are wider than the main account's", () => {
    const gb = { isoCode: 'GB', lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false };
    const voice = readable({ inherits: false, countries: [gb, { ...gb, isoCode: 'FR' }], parentCountries: [gb, { ...gb, isoCode: 'FR', lowRisk: false }] });
    const steps = planHarden([account({ role: 'subaccount', voice })], { ...context, gateUrl: null });
    expect(steps).toEqual([expect.objectContaining({ id: 'voice.inherit', guarded: true, before: 'own dialing permissions, wider in FR', action: { kind: 'voice-inherit', before: false, after: true } })]);
  });

  it('plans nothing for a subaccount that inherits its voice permissions', () => {
    expect(planHarden([account({ role: 'subaccount', voice: readable({ inherits: true, countries: [], parentCountries: null }) })], { ...context, gateUrl: null })).toEqual([]);
  });

  it('leaves the console-only SMS countries out and guards the rest unless the policy names countries', () => {
    const sms = readable([{ isoCode: 'LV', enabled: true, highRisk: false }, { isoCode: 'PK', enabled: true, highRisk: true }]);
    const [step] = planHarden([account({ sms })], { ...context, gateUrl: null });
    expect(step).toMatchObject({ id: 'sms.countries', guarded: true, action: { kind: 'sms-permissions', changes: [{ iso: 'LV', before: true, after: false }] } });
    expect(planHarden([account({ sms })], { ...context, gateUrl: null, smsAllowListed: true })[0].guarded).toBe(false);
  });

  it('creates the missing daily triggers at twice the p95 (at least 20 USD), calling the gate', () => {
    const steps = planHarden([account({ dailySpend: readable(Array(30).fill(40)) })], context);
    expect(steps.map((s) => s.id)).toEqual(['triggers.create', 'triggers.create']);
    expect(steps[0].action).toMatchObject({ kind: 'trigger-create', create: { friendlyName: SPEND_TRIGGER_NAME, triggerValue: 80, callbackUrl: `${GATE}/usage/alert` } });
  });

  it('re-points a trigger on the wrong URL and re-creates one that fired today', () => {
    const wrongUrl = trigger({ callbackUrl: 'http://hooks.example.com/x' });
    const fired = trigger({ sid: `UT${'2'.repeat(32)}`, usageCategory: 'sms-outbound', triggerBy: 'count', triggerValue: 1000, dateFired: NOW - 60_000 });
    const steps = planHarden([account({ triggers: readable([wrongUrl, fired]) })], context);
    expect(steps.map((s) => s.key)).toEqual([`triggers.callback:${wrongUrl.sid}`, `triggers.rearm:${fired.sid}`]);
  });

  it('plans nothing for an account that is already hardened', () => {
    const triggers = readable([trigger({}), trigger({ sid: `UT${'3'.repeat(32)}`, usageCategory: 'sms-outbound', triggerBy: 'count', triggerValue: 1000 })]);
    expect(planHarden([account({ triggers })], context)).toEqual([]);
  });
});
