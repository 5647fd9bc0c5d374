import type { Scenario, ScenarioResult } from '../scenario';
import { refusalCode, topRulesOf } from '../scenario';
import type { AttackStack } from '../stack';
import { legitNumber, paced, seeded, sequentialInRange, top } from '../traffic';

interface Outcome {
  ok: boolean;
  code: string;
}

async function start(stack: AttackStack, to: string, extra: Record<string, unknown> = {}): Promise<Outcome> {
  const { status, body } = await stack.call('/verify/start', { to, ...extra });
  return { ok: status === 200, code: status === 200 ? 'sent' : refusalCode(body, status) };
}

/** A real user: starts, reads the code (from the emulator, as from their phone), checks it. */
async function legitUser(stack: AttackStack, to: string): Promise<Outcome> {
  const started = await start(stack, to);
  if (!started.ok) return started;
  const code = await stack.emulator.control.verificationCode(to);
  if (!code) return { ok: false, code: 'no_code' };
  const { status, body } = await stack.call('/verify/check', { to, code });
  const ok = status === 200 && body.valid === true;
  return { ok, code: ok ? 'approved' : `check:${refusalCode(body, status)}` };
}

/** Attack traffic and legitimate users side by side for `seconds`, then the report. */
async function mixed(stack: AttackStack, attack: { count: number; perSecond: number; number: (i: number) => string }, legitPerSecond: number): Promise<ScenarioResult> {
  const random = seeded(7);
  const seconds = attack.count / attack.perSecond;
  const legitCount = Math.round(seconds * legitPerSecond);
  const [attackOutcomes, legitOutcomes] = await Promise.all([
    paced(attack.count, attack.perSecond, (i) => start(stack, attack.number(i))),
    paced(legitCount, legitPerSecond, () => legitUser(stack, legitNumber(random))),
  ]);
  return {
    attackRequests: attack.count,
    attackSends: attackOutcomes.filter((outcome) => outcome.ok).length,
    legitRequests: legitCount,
    legitSuccessRate: legitCount === 0 ? 1 : legitOutcomes.filter((outcome) => outcome.ok).length / legitCount,
    // Why the legitimate users who failed did: the cost of each defence, named.
    legitRefusals: top(legitOutcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.code)),
    topRefusals: top(attackOutcomes.filter((outcome) => !outcome.ok).map((outcome) => outcome.code)),
    topRules: topRulesOf(stack.decisions),
  };
}

const PREMIUM_AND_HIGH_RISK = [
  '+449061234567', // UK premium rate
  '+448712345678', // UK 087
  '+881612345678', // Iridium
  '+882160000000', // international network
  '+883140123456', // international network
  '+870772123456', // Inmarsat
  '+979123456789', // international premium rate
  '+37120123456', // Latvia
  '+37061234567', // Lithuania
  '+381601234567', // Serbia
  '+243991234567', // DR Congo
  '+23566123456', // Chad
  '+6797012345', // Fiji
  '+18765550123', // Jamaica under +1
];

export const verifyPumpingPremium: Scenario = {
  name: 'verify-pumping-premium',
  models: 'A bot makes the sign-up form send codes to premium-rate, satellite and high-risk-country numbers the fraudster earns from.',
  run: (stack) => mixed(stack, { count: 300, perSecond: 30, number: (i) => PREMIUM_AND_HIGH_RISK[i % PREMIUM_AND_HIGH_RISK.length] }, 2),
};

export const verifyPumpingRange: Scenario = {
  name: 'verify-pumping-range',
  models: 'SMS pumping inside one ordinary mobile range of a served country: sequential numbers, codes never entered.',
  run: (stack) => mixed(stack, { count: 1800, perSecond: 30, number: (i) => `+4474001${String(i).padStart(5, '0')}` }, 2),
};

/**
 * 50 ranges (8-digit prefixes, the unit of the per-range throttle) in 5 served countries, 10 per
 * country, and sequential valid mobile numbers inside each, visited round-robin.
 */
function spreadNumbers(count: number): string[] {
  const random = seeded(11);
  const ranges: string[] = [];
  while (ranges.length < 50) {
    const range = legitNumber(random).slice(0, 9);
    const country = range.slice(0, 4);
    if (!ranges.includes(range) && ranges.filter((r) => r.startsWith(country)).length < 10) ranges.push(range);
  }
  const next = new Map<string, number>(ranges.map((range) => [range, 0]));
  const numbers: string[] = [];
  for (let i = 0; numbers.length < count; i += 1) {
    const range = ranges[i % ranges.length];
    for (;;) {
      const candidate = sequentialInRange(range, next.get(range) as number);
      next.set(range, (next.get(range) as number) + 1);
      if (candidate) {
        numbers.push(candidate);
        break;
      }
    }
  }
  return numbers;
}

export const verifyPumpingSpread: Scenario = {
  name: 'verify-pumping-spread',
  models: 'The same bot spreading over 50 ranges in 5 served countries to stay under per-range limits.',
  run: (stack) => {
    const numbers = spreadNumbers(1800);
    return mixed(stack, { count: numbers.length, perSecond: 30, number: (i) => numbers[i] }, 2);
  },
};

export const codeBruteforce: Scenario = {
  name: 'code-bruteforce',
  models: 'Guessing a victim\'s verification code to take over an account: 1,000 check attempts on one number.',
  async run(stack) {
    const victim = '+447400123456';
    const started = await start(stack, victim);
    if (!started.ok) throw new Error(`code-bruteforce: could not start (${started.code})`);
    const real = await stack.emulator.control.verificationCode(victim);
    await stack.emulator.control.resetLog();
    const outcomes = await paced(1000, 100, async (i) => {
      const guess = String(i).padStart(6, '0');
      if (guess === real) return { ok: false, code: 'skipped-real-code' };
      const { status, body } = await stack.call('/verify/check', { to: victim, code: guess });
      return { ok: status === 200 && body.valid === true, code: status === 200 ? 'checked' : refusalCode(body, status) };
    });
    const log = await stack.emulator.control.requestLog();
    const reachedVerify = log.byRoute['POST /verify/v2/Services/:svc/VerificationCheck'] ?? 0;
    // The victim still verifies with the real code afterwards? Their attempts are throttled too;
    // legitimate success is measured as "a fresh user elsewhere is unaffected".
    const legit = (await legitUser(stack, '+4915123456789')).ok;
    return {
      attackRequests: outcomes.length,
      attackSends: outcomes.filter((outcome) => outcome.ok).length,
      checksReachingVerify: reachedVerify,
      legitRequests: 1,
      legitSuccessRate: legit ? 1 : 0,
      topRefusals: top(outcomes.filter((outcome) => outcome.code !== 'checked').map((outcome) => outcome.code)),
      topRules: topRulesOf(stack.decisions),
    };
  },
};
