import type { Scenario, ScenarioResult } from '../scenario';
import { refusalCode, topRulesOf } from '../scenario';
import type { AttackStack } from '../stack';
import { createRandom } from '../../../src/sim/random';
import { createNumberDrawer } from '../../../src/sim/sim-numbers';
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
async function mixed(stack: AttackStack, attack: { count: number; perSecond: number; number: (i: number) => string }, legitPerSecond: number, seed: number): Promise<ScenarioResult> {
  const random = seeded(seed * 7919 + 7);
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

/** Numbers each pumping bot sends codes to: 8 seconds of attack at PUMP_PER_SECOND. */
const PUMPED_NUMBERS = 240;
const PUMP_PER_SECOND = 30;
/** Real sign-ups per second while a bot pumps: the users each defence must not lock out. */
const LEGIT_PER_SECOND = 2;

/**
 * A pumping bot requesting one code for each of `numbers`, in order, beside real users: the
 * pumping scenarios differ only in the numbers they target, so they compare like with like.
 */
function pumpCodes(stack: AttackStack, numbers: readonly string[], seed: number): Promise<ScenarioResult> {
  return mixed(stack, { count: numbers.length, perSecond: PUMP_PER_SECOND, number: (i) => numbers[i] }, LEGIT_PER_SECOND, seed);
}

/** A scenario that is only a pumping bot: `numbersFor(seed, count)` says which numbers it targets. */
function pumpingScenario(name: string, models: string, numbersFor: (seed: number, count: number) => string[]): Scenario {
  return { name, models, run: (stack, seed) => pumpCodes(stack, numbersFor(seed, PUMPED_NUMBERS), seed) };
}

/**
 * Countries the default policy serves whose premium-rate, shared-cost and UAN numbers the
 * fraudster earns from. None of them is on a deny list: only the line type can refuse them.
 */
const SERVED_COUNTRIES_WITH_PREMIUM_NUMBERS = ['GB', 'DE', 'FR', 'ES', 'IT', 'AT', 'CH', 'BE'];

/** Premium-rate numbers of served countries, valid for their type (libphonenumber), drawn by seed. */
function premiumNumbers(seed: number, count: number): string[] {
  const drawer = createNumberDrawer(createRandom(seed), { countries: SERVED_COUNTRIES_WITH_PREMIUM_NUMBERS, lineType: 'premium', ranges: 0, rangeDigits: 8, pool: 0, numbers: [], prefixes: [] }, 'premium');
  return Array.from({ length: count }, () => drawer.draw());
}

export const verifyPumpingPremium: Scenario = {
  name: 'verify-pumping-premium',
  models: 'A bot makes the sign-up form send codes to premium-rate numbers of served countries (on no deny list), which the fraudster earns from.',
  async run(stack, seed) {
    const numbers = premiumNumbers(seed, PUMPED_NUMBERS);
    const result = await pumpCodes(stack, numbers, seed);
    const refusals = stack.decisions.filter((record) => record.event === 'verify.start' && (record.destination as { allowed?: boolean } | undefined)?.allowed === false);
    const reason = (record: (typeof refusals)[number]) => (record.destination as { reason?: string }).reason;
    return {
      ...result,
      refusedByLineType: refusals.filter((record) => reason(record) === 'line_type_not_allowed').length,
      refusedByDenyList: refusals.filter((record) => ['country_denied', 'prefix_denied', 'number_denied'].includes(String(reason(record)))).length,
    };
  },
};

/** One GB mobile range per seed (`+447400` and a digit: 100,000 numbers), walked in sequence from a seeded start. */
function rangeNumbers(seed: number, count: number): string[] {
  const random = seeded(seed);
  const range = `+447400${Math.floor(random() * 10)}`;
  const start = Math.floor(random() * 50_000);
  const numbers: string[] = [];
  // Every suffix below 100,000 is a valid mobile of the range, so the walk cannot run dry.
  for (let i = start; numbers.length < count && i < 100_000; i += 1) {
    const candidate = sequentialInRange(range, i);
    if (candidate) numbers.push(candidate);
  }
  return numbers;
}

export const verifyPumpingRange = pumpingScenario('verify-pumping-range', 'SMS pumping inside one ordinary mobile range of a served country: sequential numbers, codes never entered.', rangeNumbers);

/**
 * 50 ranges (8-digit prefixes, the unit of the per-range throttle) in 5 served countries, 10 per
 * country, and sequential valid mobile numbers inside each, visited round-robin.
 */
function spreadNumbers(seed: number, count: number): string[] {
  const random = seeded(seed * 31 + 11);
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

export const verifyPumpingSpread = pumpingScenario('verify-pumping-spread', 'The same bot spreading over 50 ranges in 5 served countries to stay under per-range limits.', spreadNumbers);

/**
 * The victim, right after the attack, enters the code their phone received: are they let in, and
 * if not, for how long not (the `Retry-After` of the refusal, 0 when none is given)?
 */
async function victimAfterwards(stack: AttackStack, victim: string, code: string): Promise<{ lockedOut: boolean; retryAfterSeconds: number; answer: string }> {
  const response = await stack.call('/verify/check', { to: victim, code });
  const lockedOut = !(response.status === 200 && response.body.valid === true);
  return { lockedOut, retryAfterSeconds: lockedOut ? Number(response.headers.get('retry-after') ?? 0) : 0, answer: lockedOut ? refusalCode(response.body, response.status) : 'approved' };
}

export const codeBruteforce: Scenario = {
  name: 'code-bruteforce',
  models: "Guessing a victim's verification code to take over an account: 500 random guesses on one number, every one through the gate and Verify; then the victim enters the code they received.",
  async run(stack, seed) {
    const random = seeded(seed);
    const victim = legitNumber(random);
    const started = await start(stack, victim);
    if (!started.ok) throw new Error(`code-bruteforce: could not start (${started.code})`);
    // What the victim's phone shows; the attacker never sees it and guesses blind.
    const victimCode = await stack.emulator.control.verificationCode(victim);
    if (!victimCode) throw new Error('code-bruteforce: the emulator holds no pending code for the victim');
    await stack.emulator.control.resetLog();
    // Random guesses, as an attacker who cannot see the code makes them; a hit is a takeover.
    const outcomes = await paced(500, 50, async () => {
      const guess = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
      const { status, body } = await stack.call('/verify/check', { to: victim, code: guess });
      return { ok: status === 200 && body.valid === true, code: status === 200 ? 'checked' : refusalCode(body, status) };
    });
    const log = await stack.emulator.control.requestLog();
    const reachedVerify = log.byRoute['POST /verify/v2/Services/:svc/VerificationCheck'] ?? 0;
    const victimLater = await victimAfterwards(stack, victim, victimCode);
    const others = await Promise.all(Array.from({ length: 3 }, () => legitUser(stack, legitNumber(random))));
    return {
      attackRequests: outcomes.length,
      attackSends: outcomes.filter((outcome) => outcome.ok).length,
      checksReachingVerify: reachedVerify,
      victimLockedOut: victimLater.lockedOut ? 1 : 0,
      victimLockoutSeconds: victimLater.retryAfterSeconds,
      victimAnswer: victimLater.answer,
      legitRequests: others.length,
      legitSuccessRate: others.filter((outcome) => outcome.ok).length / others.length,
      topRefusals: top(outcomes.filter((outcome) => outcome.code !== 'checked').map((outcome) => outcome.code)),
      topRules: topRulesOf(stack.decisions),
    };
  },
};
