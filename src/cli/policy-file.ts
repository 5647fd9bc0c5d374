import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPolicy, type CompiledPolicy } from '../core/policy';

/** Where the CLI looks for the policy when `--policy` is not given: the file the bundle deploys. */
export const DEFAULT_POLICY_PATH = join('src', 'assets', 'policy.private.json');

export interface LoadedPolicyFile extends CompiledPolicy {
  /** The file read, or `undefined` when none exists and the built-in defaults apply. */
  path: string | undefined;
}

/**
 * Reads and compiles the policy file at `path`, or the project's deployed policy
 * (`src/assets/policy.private.json` under `cwd`) when no path is given; without either, the
 * built-in defaults. Throws `PolicyError` (invalid policy) or an Error naming a missing file.
 */
export function loadPolicyFile(path: string | undefined, cwd: string): LoadedPolicyFile {
  if (path === undefined) {
    const fallback = join(cwd, DEFAULT_POLICY_PATH);
    if (!existsSync(fallback)) return { ...loadPolicy('{}'), path: undefined };
    return { ...loadPolicy(readFileSync(fallback, 'utf8')), path: fallback };
  }
  const resolved = resolve(cwd, path);
  if (!existsSync(resolved)) throw new Error(`policy file '${path}' does not exist`);
  return { ...loadPolicy(readFileSync(resolved, 'utf8')), path: resolved };
}
