/**
 * Destination decision vs bare parsing: the median time of `evaluateDestination` over the median
 * time of `parsePhoneNumber(x, { extract: false }).getType()` on the same inputs, in one process,
 * rounds alternating so both see the same machine state. Target: ratio <= 1.5.
 */
import { getCountries, getExampleNumber, parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { compileDestinationPolicy } from '../src/core/phone';
import { parsePolicy } from '../src/core/policy';
import { median, report, round, timeMs } from './stats';

const ROUNDS = 31;

function inputs(): string[] {
  const numbers = getCountries()
    .map((country) => getExampleNumber(country as CountryCode, examples)?.number)
    .filter((number): number is NonNullable<typeof number> => number !== undefined)
    .map(String);
  // What traffic looks like: mostly valid numbers, some hostile or malformed ones.
  return [...numbers, '+447400123456', '+449061234567', '+881612345678', '+37120123456', '+1 (415) 555-2671', '07400 123456', 'junk', '+44 7400 123456 ext 9'];
}

function bareParse(input: string): unknown {
  try {
    return parsePhoneNumber(input, { extract: false }).getType();
  } catch {
    return undefined;
  }
}

const list = inputs();
const evaluate = compileDestinationPolicy(parsePolicy({}).destinations);
let sink = 0;
const runBare = () => {
  for (const input of list) sink += bareParse(input) === undefined ? 0 : 1;
};
const runDecision = () => {
  for (const input of list) sink += evaluate(input, { channel: 'sms' }).allowed ? 1 : 0;
};

// Warm up both paths (JIT, metadata) before measuring.
for (let i = 0; i < 5; i += 1) {
  runBare();
  runDecision();
}
const bare: number[] = [];
const decision: number[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  if (i % 2 === 0) {
    bare.push(timeMs(runBare));
    decision.push(timeMs(runDecision));
  } else {
    decision.push(timeMs(runDecision));
    bare.push(timeMs(runBare));
  }
}
const bareMedian = median(bare);
const decisionMedian = median(decision);
const ratio = decisionMedian / bareMedian;
report(
  [
    `policy: ${list.length} inputs x ${ROUNDS} rounds (checksum ${sink})`,
    `  bare parse + getType   median ${round((bareMedian * 1000) / list.length, 2)} us/number`,
    `  evaluateDestination    median ${round((decisionMedian * 1000) / list.length, 2)} us/number`,
    `  ratio                  ${round(ratio, 2)} (target <= 1.5)`,
  ],
  { policy: { decisionVsParseRatio: round(ratio), decisionMedianUs: round((decisionMedian * 1000) / list.length, 2), inputs: list.length } },
);
