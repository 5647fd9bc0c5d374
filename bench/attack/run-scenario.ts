import type { Scenario, ScenarioResult } from './scenario';
import { startAttackStack, type AttackStackOptions, type DecisionRecord } from './stack';

/** What one run of a scenario measured, how long the run took (the stack's start excluded), and the decision log behind it. */
export interface ScenarioRun {
  result: ScenarioResult;
  ms: number;
  decisions: readonly DecisionRecord[];
}

/**
 * Runs one scenario with one seed against a fresh stack (so no state leaks between runs) and closes it. Adds
 * `serverErrors` to the result and prints the first one: an unexpected failure inside the bundle
 * is answered as a generic 500, which a scenario would otherwise count as an ordinary refusal.
 */
export async function runScenario(scenario: Scenario, seed: number, options: AttackStackOptions = {}): Promise<ScenarioRun> {
  const stack = await startAttackStack(scenario.env, options);
  const started = performance.now();
  try {
    const result = await scenario.run(stack, seed);
    const failures = stack.decisions.filter((record) => record.event === 'request.failed' || record.event === 'response.failed');
    result.serverErrors = failures.length;
    result.transportErrors = stack.transportErrors;
    if (failures.length > 0) process.stderr.write(`${scenario.name}: ${failures.length} unexpected failures, first: ${JSON.stringify(failures[0])}\n`);
    return { result, ms: performance.now() - started, decisions: stack.decisions };
  } finally {
    await stack.close();
  }
}
