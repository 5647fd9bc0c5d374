/**
 * `npm run attack [-- --json] [-- scenario...]`: runs each attack scenario against a fresh local
 * stack (emulator in its own process with Sync's per-Map limits on, the built bundle with the
 * default policy), mixing attack traffic with legitimate users, and reports what leaked and what
 * legitimate users lost. With --json the last line of standard output is one JSON object keyed
 * by scenario.
 */
import { runScenario } from './run-scenario';
import type { Scenario, ScenarioResult } from './scenario';
import { smishingInbound } from './scenarios/sms';
import { codeBruteforce, verifyPumpingPremium, verifyPumpingRange, verifyPumpingSpread } from './scenarios/verify';
import { callPumpingIdentity, tdosInbound } from './scenarios/voice';

const SCENARIOS: Scenario[] = [verifyPumpingPremium, verifyPumpingRange, verifyPumpingSpread, callPumpingIdentity, codeBruteforce, tdosInbound, smishingInbound];

function describe(name: string, result: ScenarioResult, ms: number): string {
  const extra = Object.entries(result)
    .filter(([key]) => !['attackRequests', 'attackSends', 'legitRequests', 'legitSuccessRate', 'topRefusals', 'topRules'].includes(key))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(' ');
  return [
    `${name} (${(ms / 1000).toFixed(1)} s)`,
    `  attack: ${result.attackRequests} requests, ${result.attackSends} sends${extra ? `, ${extra}` : ''}`,
    `  legit:  ${result.legitRequests} users, success rate ${(result.legitSuccessRate * 100).toFixed(1)}%`,
    `  refusals to attack: ${JSON.stringify(result.topRefusals)}`,
    `  deciding rules:     ${JSON.stringify(result.topRules)}`,
  ].join('\n');
}

async function main() {
  const json = process.argv.includes('--json');
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const unknown = only.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    console.error(`attack: unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const report: Record<string, ScenarioResult> = {};
  for (const scenario of SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name))) {
    const { result, ms } = await runScenario(scenario);
    report[scenario.name] = result;
    (json ? process.stderr : process.stdout).write(`${describe(scenario.name, result, ms)}\n  models: ${scenario.models}\n\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
