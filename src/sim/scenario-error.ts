/**
 * A problem in a scenario file. `path` names the field (`traffic[1].numbers.countries[0]`); the
 * message says what is wrong and what is accepted.
 */
export class ScenarioError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`scenario ${path}: ${problem}`);
    this.name = 'ScenarioError';
    this.path = path;
  }
}
