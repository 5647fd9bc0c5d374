import { actionFromFriendlyName, endOfGmtDay, handleUsageAlert, parseUsageAlertRules, readUsageAlert, type UsageAlertPorts } from '../../../src/core/usage-alert';

const GATE = `AC${'1'.repeat(32)}`;
const SUB = `AC${'2'.repeat(32)}`;
const TRIGGER = `UT${'3'.repeat(32)}`;
const NOW = Date.UTC(2026, 11, 4, 15, 30);

function fakePorts(overrides: Partial<UsageAlertPorts> = {}) {
  const calls: string[] = [];
  const claimed = new Set<string>();
  const ports: UsageAlertPorts = {
    claim: async (id) => {
      calls.push('claim');
      if (claimed.has(id)) return 'duplicate';
      claimed.add(id);
      return 'new';
    },
    release: async (id) => {
      calls.push('release');
      claimed.delete(id);
    },
    triggerName: async () => ({ readable: true, name: null }),
    accountOwner: async () => GATE,
    setMode: async (document) => {
      calls.push(`mode:${document.mode}`);
    },
    suspendAccount: async (sid) => {
      calls.push(`suspend:${sid}`);
    },
    ...overrides,
  };
  // Overridden reads still count as round trips.
  const { triggerName, accountOwner } = ports;
  ports.triggerName = (...args) => (calls.push('name'), triggerName(...args));
  ports.accountOwner = (...args) => (calls.push('owner'), accountOwner(...args));
  return { ports, calls };
}

const alert = (accountSid = GATE, extra: Record<string, string> = {}) =>
  readUsageAlert({ AccountSid: accountSid, UsageTriggerSid: TRIGGER, IdempotencyToken: `${accountSid}-FIRES-${TRIGGER}-2026-12-04`, UsageCategory: 'totalprice', ...extra });

const run = (rules: unknown, ports: UsageAlertPorts, accountSid = GATE) =>
  handleUsageAlert(alert(accountSid), { rules: parseUsageAlertRules(rules), gateAccountSid: GATE, now: () => NOW, ports });

describe('handleUsageAlert', () => {
  it('notifies by default, after reading the trigger name, in two round trips', async () => {
    const { ports, calls } = fakePorts();
    expect(await run(undefined, ports)).toMatchObject({ kind: 'handled', action: 'notify', source: 'default' });
    expect(calls).toEqual(['claim', 'name']);
  });

  it('switches to strict until the end of the GMT day for a trigger the policy names', async () => {
    const { ports, calls } = fakePorts();
    const outcome = await run({ triggers: { [TRIGGER]: 'strict' } }, ports);
    expect(outcome).toMatchObject({ kind: 'handled', action: 'strict', source: 'policy', mode: { mode: 'strict', until: Date.UTC(2026, 11, 5), by: `usage-alert:${TRIGGER}` } });
    expect(calls).toEqual(['claim', 'mode:strict']);
  });

  it('locks down with no end when the friendly name says gatekeeper:lockdown', async () => {
    const { ports, calls } = fakePorts({ triggerName: async () => ({ readable: true, name: 'gatekeeper:lockdown:daily' }) });
    expect(await run(undefined, ports)).toMatchObject({ kind: 'handled', action: 'lockdown', source: 'friendly-name', mode: { until: null } });
    expect(calls).toEqual(['claim', 'name', 'mode:lockdown']);
  });

  it('acts once when the same firing is delivered twice', async () => {
    const { ports, calls } = fakePorts();
    const rules = { triggers: { [TRIGGER]: 'lockdown' } };
    expect((await run(rules, ports)).kind).toBe('handled');
    expect((await run(rules, ports)).kind).toBe('duplicate');
    expect(calls.filter((call) => call.startsWith('mode:'))).toHaveLength(1);
  });

  it('suspends a subaccount proven by the trigger read, in three round trips', async () => {
    const { ports, calls } = fakePorts({ triggerName: async () => ({ readable: true, name: 'gatekeeper:suspend-subaccount:daily' }) });
    expect(await run(undefined, ports, SUB)).toMatchObject({ kind: 'handled', action: 'suspend-subaccount' });
    expect(calls).toEqual(['claim', 'name', `suspend:${SUB}`]);
  });

  it('checks the owner before suspending for a policy entry', async () => {
    const { ports, calls } = fakePorts();
    expect((await run({ triggers: { [TRIGGER]: 'suspend-subaccount' } }, ports, SUB)).kind).toBe('handled');
    expect(calls).toEqual(['claim', 'owner', `suspend:${SUB}`]);
  });

  it('never suspends the account it runs in', async () => {
    const { ports, calls } = fakePorts();
    expect(await run({ triggers: { [TRIGGER]: 'suspend-subaccount' } }, ports, GATE)).toMatchObject({ kind: 'refused', reason: 'own_account' });
    expect(calls).toEqual(['claim']);
  });

  it('never suspends an account that is not its subaccount', async () => {
    const { ports, calls } = fakePorts({ accountOwner: async () => `AC${'9'.repeat(32)}` });
    expect(await run({ triggers: { [TRIGGER]: 'suspend-subaccount' } }, ports, SUB)).toMatchObject({ kind: 'refused', reason: 'not_a_subaccount' });
    expect(calls.some((call) => call.startsWith('suspend:'))).toBe(false);
  });

  it('does not take an unreadable trigger as proof of ownership', async () => {
    const { ports, calls } = fakePorts({ triggerName: async () => ({ readable: false }), accountOwner: async () => `AC${'9'.repeat(32)}` });
    expect(await run({ default: 'suspend-subaccount' }, ports, SUB)).toMatchObject({ kind: 'refused', reason: 'not_a_subaccount' });
    expect(calls).toEqual(['claim', 'name', 'owner']);
  });

  it('never suspends when it does not know its own account', async () => {
    const { ports } = fakePorts();
    const outcome = await handleUsageAlert(alert(SUB), { rules: parseUsageAlertRules({ default: 'suspend-subaccount' }), gateAccountSid: '', now: () => NOW, ports });
    expect(outcome).toMatchObject({ kind: 'refused', reason: 'own_account' });
  });

  it('releases the claim when the action fails, so a redelivery acts', async () => {
    let fail = true;
    const { ports, calls } = fakePorts({
      setMode: async () => {
        if (fail) throw Object.assign(new Error('x'), { status: 503 });
      },
    });
    const rules = { triggers: { [TRIGGER]: 'lockdown' } };
    expect(await run(rules, ports)).toMatchObject({ kind: 'failed', step: 'act' });
    expect(calls).toContain('release');
    fail = false;
    expect((await run(rules, ports)).kind).toBe('handled');
  });

  it('fails without acting when the claim cannot be written', async () => {
    const { ports, calls } = fakePorts({ claim: async () => Promise.reject(new Error('sync down')) });
    expect(await run({ triggers: { [TRIGGER]: 'lockdown' } }, ports)).toMatchObject({ kind: 'failed', step: 'claim' });
    expect(calls).toEqual([]);
  });
});

describe('readUsageAlert', () => {
  it('keeps short optional fields and drops the rest', () => {
    const read = readUsageAlert({ AccountSid: GATE, UsageTriggerSid: TRIGGER, CurrentValue: '12.5', TriggerBy: 'x'.repeat(500), Recurring: 7, TriggerValue: '+447700900123', UsageCategory: 'call me on +447700900123' });
    expect(read).toEqual({ accountSid: GATE, usageTriggerSid: TRIGGER, currentValue: '12.5' });
  });

  it.each([
    [{ UsageTriggerSid: TRIGGER }, /AccountSid/],
    [{ AccountSid: 'AC123', UsageTriggerSid: TRIGGER }, /AccountSid/],
    [{ AccountSid: GATE, UsageTriggerSid: 'UTnope' }, /UsageTriggerSid/],
  ])('refuses %j with a 400 naming the parameter', (params, message) => {
    expect(() => readUsageAlert(params)).toThrow(message);
  });
});

describe('the rules', () => {
  it('pins the default: notify, no trigger named', () => {
    expect(parseUsageAlertRules(undefined)).toEqual({ triggers: {}, default: 'notify' });
  });

  it.each([
    [{ default: 'panic' }, /usageAlerts\.default/],
    [{ triggers: { UT1: 'notify' } }, /not a Usage Trigger SID/],
    [{ triggers: { [TRIGGER]: 'suspend' } }, /must be one of/],
    [{ trigers: {} }, /did you mean 'triggers'/],
  ])('refuses %j', (rules, message) => {
    expect(() => parseUsageAlertRules(rules)).toThrow(message);
  });

  it.each([
    ['gatekeeper:strict:daily', 'strict'],
    ['gatekeeper:suspend-subaccount', 'suspend-subaccount'],
    ['gatekeeper:panic:daily', undefined],
    ['Daily spend', undefined],
    [null, undefined],
  ])('reads the friendly name %s as %s', (name, action) => {
    expect(actionFromFriendlyName(name)).toBe(action);
  });

  it('ends strict at the next 00:00 GMT', () => {
    expect(endOfGmtDay(Date.UTC(2026, 11, 31, 23, 59))).toBe(Date.UTC(2027, 0, 1));
  });
});
