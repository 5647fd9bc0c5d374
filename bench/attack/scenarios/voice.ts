import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Scenario } from '../scenario';
import { refusalCode, topRulesOf } from '../scenario';
import { API_TOKEN, type AttackStack } from '../stack';
import { legitNumber, paced, seeded, sequentialInRange, top } from '../traffic';

const CALLER_IDS = '+14155550101,+14155550102,+14155550103';
const OUR_NUMBER = '+447400100200';

export const VOICE_ENV = {
  GATE_CALLER_ID_POOL: CALLER_IDS,
  GATE_CALL_TWIML_URL: 'https://app.example.com/voice/answer',
  GATE_VOICE_APP_URL: 'https://app.example.com/voice/menu',
};

async function placeCall(stack: AttackStack, to: string, identity: string): Promise<{ ok: boolean; code: string }> {
  const { status, body } = await stack.call('/voice/outbound', { to, identity }, { authorization: `Bearer ${API_TOKEN}` });
  return { ok: status === 200, code: status === 200 ? 'placed' : refusalCode(body, status) };
}

// Sri Lanka: allowed by the default policy, and a costly destination per minute.
function highCostNumbers(seed: number, count: number): string[] {
  const example = getExampleNumber('LK' as CountryCode, examples)?.number as string;
  const range = example.slice(0, 6);
  const offset = Math.floor(seeded(seed)() * 1_000_000);
  const numbers: string[] = [];
  for (let i = 0; numbers.length < count; i += 1) {
    const candidate = sequentialInRange(range, (offset + i * 7919) % 1_000_000);
    if (candidate) numbers.push(candidate);
  }
  return numbers;
}

export const callPumpingIdentity: Scenario = {
  name: 'call-pumping-identity',
  models: 'Traffic pumping through a compromised app account: scripted calls to an allowed, high-cost country the fraudster shares termination revenue with.',
  env: VOICE_ENV,
  async run(stack, seed) {
    const targets = highCostNumbers(seed, 200);
    const random = seeded(seed * 3 + 1);
    const legitCount = 10;
    const [attack, legit] = await Promise.all([
      paced(targets.length, 20, (i) => placeCall(stack, targets[i], 'compromised-user-7')),
      paced(legitCount, 1, (i) => placeCall(stack, legitNumber(random), `user-${i}`)),
    ]);
    const calls = await stack.emulator.control.calls();
    const targetSet = new Set(targets);
    const attackCalls = calls.filter((call) => targetSet.has(call.to));
    return {
      attackRequests: attack.length,
      attackSends: attack.filter((outcome) => outcome.ok).length,
      attackCallSeconds: attackCalls.reduce((sum, call) => sum + (call.timeLimit ?? 14_400), 0),
      legitRequests: legitCount,
      legitSuccessRate: legit.filter((outcome) => outcome.ok).length / legitCount,
      topRefusals: top(attack.filter((outcome) => !outcome.ok).map((outcome) => outcome.code)),
      topRules: topRulesOf(stack.decisions),
    };
  },
};

function inboundCall(stack: AttackStack, from: string, index: number) {
  return stack.webhook('/voice/inbound', {
    CallSid: `CA${index.toString(16).padStart(32, '0')}`,
    AccountSid: `AC${'0'.repeat(31)}1`,
    From: from,
    To: OUR_NUMBER,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  });
}

function admitted(twiml: string): boolean {
  return /<Redirect\b/.test(twiml) && !/<Reject\b/.test(twiml);
}

export const tdosInbound: Scenario = {
  name: 'tdos-inbound',
  models: 'Telephony denial of service: a dialer floods a number from 400 spoofed callers (over 300 a minute) so legitimate callers cannot get through.',
  env: VOICE_ENV,
  async run(stack, seed) {
    const random = seeded(seed * 5 + 3);
    const attackers = Array.from({ length: 400 }, () => legitNumber(random));
    const legitCallers = Array.from({ length: 20 }, () => legitNumber(random));
    // Legitimate callers ring at random moments across the 10 s of the flood.
    const legitTimes = legitCallers.map(() => random() * 10_000);
    const [attack, legit] = await Promise.all([
      paced(500, 50, (i) => inboundCall(stack, attackers[i % attackers.length], i)),
      Promise.all(legitCallers.map((from, i) => new Promise<{ text: string }>((resolve) => setTimeout(() => resolve(inboundCall(stack, from, 100_000 + i)), legitTimes[i])))),
    ]);
    const refusals = stack.decisions.filter((record) => record.event === 'voice.inbound' && record.outcome === 'rejected').map((record) => String(record.rule ?? record.reason));
    return {
      attackRequests: attack.length,
      attackSends: attack.filter((response) => admitted(response.text)).length,
      legitRequests: legit.length,
      legitSuccessRate: legit.filter((response) => admitted(response.text)).length / legit.length,
      topRefusals: top(refusals),
      topRules: topRulesOf(stack.decisions),
    };
  },
};
