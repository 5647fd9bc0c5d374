import { countryPolicy, readable, type AccountSnapshot } from '../../../src/core/audit';
import { emptySnapshot } from '../../helpers/account-snapshot';
import { planLockdown, type LockdownInput } from '../../../src/core/lockdown';

const NOW = Date.UTC(2026, 11, 4, 12);
const MAIN = `AC${'a'.repeat(32)}`;
const SUB = `AC${'b'.repeat(32)}`;
const GATE = 'https://gate.twil.io';

function account(sid: string, role: 'main' | 'subaccount', overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return emptySnapshot(sid, role, { voice: readable({ inherits: true, countries: [], parentCountries: null }), ...overrides });
}

const input: LockdownInput = {
  now: NOW,
  mainSid: MAIN,
  hostingSid: MAIN,
  countries: countryPolicy({ allow: [], deny: ['LV'] }),
  gateUrl: GATE,
  keepKeys: [],
  gateMode: null,
  liveCalls: {},
  recentCallers: [],
  reason: 'test',
  skip: [],
};

const number = (overrides: Record<string, string | null>) => ({ sid: `PN${'1'.repeat(32)}`, phoneNumber: '+14155550160', voiceUrl: null, voiceFallbackUrl: null, smsUrl: null, smsFallbackUrl: null, statusCallback: null, voiceApplicationSid: null, smsApplicationSid: null, trunkSid: null, ...overrides });

describe('planLockdown', () => {
  it('suspends subaccounts but never the main or hosting account, and orders the steps as the runbook', () => {
    const steps = planLockdown([account(MAIN, 'main'), account(SUB, 'subaccount')], { ...input, liveCalls: { [SUB]: [{ sid: `CA${'1'.repeat(32)}`, status: 'in-progress' }] } });
    expect(steps.map((s) => s.key)).toEqual(['gate-mode', `suspend:${SUB}`, `end-calls:${SUB}`]);
    expect(planLockdown([account(SUB, 'subaccount')], { ...input, hostingSid: SUB }).map((s) => s.id)).toEqual(['gate-mode']);
  });

  it('ends in-progress calls with completed and queued ones with canceled', () => {
    const calls = [{ sid: `CA${'1'.repeat(32)}`, status: 'in-progress' }, { sid: `CA${'2'.repeat(32)}`, status: 'queued' }];
    const [, step] = planLockdown([account(MAIN, 'main')], { ...input, liveCalls: { [MAIN]: calls } });
    expect(step.action).toEqual({ kind: 'end-calls', calls: [{ sid: calls[0].sid, before: 'in-progress', after: 'completed' }, { sid: calls[1].sid, before: 'queued', after: 'canceled' }] });
  });

  it('clears trunk_sid and the applications of numbers not routed through the gate, loudly', () => {
    const onTrunk = number({ voiceUrl: `${GATE}/voice/inbound`, trunkSid: `TK${'1'.repeat(32)}` });
    const gated = number({ sid: `PN${'2'.repeat(32)}`, voiceUrl: `${GATE}/voice/inbound`, smsUrl: `${GATE}/sms/inbound` });
    const steps = planLockdown([account(MAIN, 'main', { numbers: readable([onTrunk, gated]) })], input).filter((s) => s.id === 'numbers');
    expect(steps).toHaveLength(1);
    expect(steps[0].before).toMatch(/WARNING clearing trunk_sid/);
    expect(steps[0].action).toMatchObject({ kind: 'number-routing', after: { voiceUrl: `${GATE}/voice/inbound`, trunkSid: null, voiceApplicationSid: null } });
  });

  it('denies only repeat callers, at most five, and shows them masked', () => {
    const recentCallers = [{ number: '+447400555001', calls: 7 }, { number: '+447400555002', calls: 2 }];
    const step = planLockdown([], { ...input, recentCallers }).find((s) => s.id === 'deny-callers');
    expect(step?.before).toBe('+4474******01 (7 calls in the last hour)');
    expect(step?.action).toMatchObject({ numbers: ['+447400555001'], entries: [{ display: '+4474******01', id: null }] });
  });

  it('keeps the keys named on the keep-list and skips the steps named in --skip', () => {
    const keys = readable([{ sid: `SK${'1'.repeat(32)}`, friendlyName: 'ci', dateCreated: NOW }, { sid: `SK${'2'.repeat(32)}`, friendlyName: 'kept', dateCreated: NOW }]);
    const steps = planLockdown([account(MAIN, 'main', { keys })], { ...input, keepKeys: [`SK${'2'.repeat(32)}`], skip: ['gate-mode'] });
    expect(steps.map((s) => s.id)).toEqual(['delete-keys']);
    expect(steps[0].action).toEqual({ kind: 'delete-keys', keys: [{ sid: `SK${'1'.repeat(32)}`, friendlyName: 'ci' }] });
  });
});
