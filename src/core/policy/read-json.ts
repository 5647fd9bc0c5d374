import { didYouMean } from '../config/did-you-mean';
import { PolicyError } from './policy-error';

/** Names a JSON value's type the way a person editing the file thinks of it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads an object at `path`, refusing keys outside `known` with a "did you mean" hint.
 * `undefined` reads as an empty object, so every section may be omitted.
 */
export function readSection(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyError(path || '(root)', `must be an object, not ${jsonTypeOf(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const hint = didYouMean(key, known);
      const where = path ? `${path}.${key}` : key;
      throw new PolicyError(where, `unknown key${hint ? `; did you mean '${hint}'?` : `; known keys: ${known.join(', ')}`}`);
    }
  }
  return value as Record<string, unknown>;
}

/** Reads an object at `path` whose keys are names the file chooses (rule sets, templates); `undefined` reads as empty. */
export function readNamedSection(value: unknown, path: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyError(path, `must be an object of names to entries, not ${jsonTypeOf(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Reads a list of strings at `path`, each checked by `check` (which returns a problem or undefined). */
export function readStringList(value: unknown, path: string, fallback: readonly string[], check: (item: string) => string | undefined): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) throw new PolicyError(path, `must be a list, not ${jsonTypeOf(value)}`);
  return value.map((item, index) => {
    if (typeof item !== 'string') throw new PolicyError(`${path}[${index}]`, `must be a string, not ${jsonTypeOf(item)}`);
    const problem = check(item);
    if (problem) throw new PolicyError(`${path}[${index}]`, problem);
    return item;
  });
}
