/**
 * A problem in the policy file. `path` is where (`destinations.countries.deny[2]`); the message
 * says what is wrong and how to fix it.
 */
export class PolicyError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`policy ${path}: ${problem}`);
    this.name = 'PolicyError';
    this.path = path;
  }
}
