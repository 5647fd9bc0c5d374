/**
 * One bundle instance in its own process (dist/bench/attack-bundle.js), as `bundle-pool.ts` starts
 * it: serves the BUILT functions with the settings and policy override it is given in
 * `ATTACK_BUNDLE_CONFIG` (JSON `{ env, policy? }`), prints `attack-bundle listening on <url>`, and
 * leaves the functions' one-line JSON decision records on standard output for the parent.
 */
import { startBundle } from '../../test/helpers/bundle-server';
import { startBundleWithPolicy, type PolicyOverride } from './policy-bundle';
import { ROOT_DIR } from './root';

interface BundleProcessConfig {
  env: Record<string, string>;
  policy?: PolicyOverride;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.ATTACK_BUNDLE_CONFIG ?? '{}') as BundleProcessConfig;
  const bundle = config.policy ? await startBundleWithPolicy(ROOT_DIR, config.env, config.policy) : await startBundle(config.env);
  process.stdout.write(`attack-bundle listening on ${bundle.url}\n`);
  const stop = () => void bundle.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`attack-bundle: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
