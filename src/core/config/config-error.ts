/**
 * A configuration problem found when reading the environment or the policy file. Its message
 * names the setting and the fix; it is logged for the operator and never sent to a client.
 */
export class ConfigError extends Error {
  readonly setting: string;

  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
