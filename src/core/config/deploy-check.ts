import { ConfigError } from './config-error';
import { parseConfig, type Environment } from './parse-config';

/**
 * A domain standing in for the deployed service's own: `parseConfig` then judges the settings as
 * the deployed functions will (a base URL, for instance, is never honoured there).
 */
const DEPLOYED_DOMAIN = 'deploy-check.twil.io';

/**
 * What is wrong with the settings `deploy` would upload (`.env`), each naming the setting and the
 * fix; empty when a deploy may go ahead. A deployment without `GATE_HASH_SECRET` would refuse
 * every stateful request, and one that kept `TWILIO_API_BASE_URL` would send the account's
 * credentials elsewhere, so both stop the deploy instead of surfacing as 500s afterwards.
 *
 * @example
 * checkDeploySettings({ GATE_API_TOKEN: '…' }) // ['GATE_HASH_SECRET: not set; …']
 */
export function checkDeploySettings(env: Environment): string[] {
  const problems: string[] = [];
  try {
    const config = parseConfig({ ...env, DOMAIN_NAME: DEPLOYED_DOMAIN });
    if (!config.hashSecret) {
      problems.push('GATE_HASH_SECRET: not set; the deployed gates refuse every request without it. Set 32+ random characters, e.g. from `openssl rand -hex 32`, and keep the value across deploys');
    }
    if (!config.apiToken) problems.push('GATE_API_TOKEN: not set; the app endpoints would refuse every request. Set 32+ random characters, e.g. from `openssl rand -hex 32`');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message);
  }
  return problems;
}
