import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../../src/core/policy';
import { startBundle, type RunningBundle } from '../../test/helpers/bundle-server';

/**
 * Policy file keys to lay over the built policy asset: objects are merged key by key, anything
 * else (lists, numbers, `false`) replaces what is there. `{ throttles: { 'voice-inbound': {
 * windows: [...] } } }` changes one rule set and keeps the rest of the file.
 */
export type PolicyOverride = Readonly<Record<string, unknown>>;

/** The asset as built; the bundle serves it as `/policy.json`. */
const POLICY_ASSET_FILE = 'policy.private.json';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `override` laid over `base` as `PolicyOverride` describes; neither is modified. */
export function mergePolicy(base: Readonly<Record<string, unknown>>, override: PolicyOverride): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergePolicy(current, value) : value;
  }
  return merged;
}

/**
 * The built policy asset under `root` with `override` laid over it, as file text. Throws the
 * policy's own `PolicyError` when the result is invalid: served, an invalid policy would not fail
 * a run but turn every decision into the gate's fail-safe, and the run would measure nothing.
 */
export function policyWithOverride(root: string, override: PolicyOverride): string {
  const base = JSON.parse(readFileSync(join(root, 'dist', 'assets', POLICY_ASSET_FILE), 'utf8')) as Record<string, unknown>;
  const text = `${JSON.stringify(mergePolicy(base, override), null, 2)}\n`;
  loadPolicy(text);
  return text;
}

/**
 * Serves the BUILT functions (`dist/functions`) like `startBundle` (test/helpers/bundle-server.ts),
 * but with the policy asset replaced by `policyWithOverride(root, override)`. The assets are
 * copied to a temporary folder rather than edited in `dist/`, which a concurrent build or test
 * run would see or overwrite; `close()` removes the copy.
 */
export async function startBundleWithPolicy(root: string, env: Record<string, string>, override: PolicyOverride): Promise<RunningBundle> {
  const policyText = policyWithOverride(root, override);
  const overlay = mkdtempSync(join(tmpdir(), 'gatekeeper-policy-'));
  cpSync(join(root, 'dist', 'assets'), join(overlay, 'assets'), { recursive: true });
  writeFileSync(join(overlay, 'assets', POLICY_ASSET_FILE), policyText);
  const bundle = await startBundle(env, { assetsDir: join(overlay, 'assets') });
  return {
    url: bundle.url,
    async close() {
      await bundle.close();
      rmSync(overlay, { recursive: true, force: true });
    },
  };
}
