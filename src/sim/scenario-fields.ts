import { didYouMean } from '../core/config/did-you-mean';
import { jsonTypeOf } from '../core/policy/read-json';
import { ScenarioError } from './scenario-error';

/** Reads an object at `path`, refusing keys outside `known` with a "did you mean" hint. */
export function readObject(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ScenarioError(path, `must be an object, not ${jsonTypeOf(value)}`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const hint = didYouMean(key, known);
      throw new ScenarioError(path === '(root)' ? key : `${path}.${key}`, `unknown key${hint ? `; did you mean '${hint}'?` : `; known keys: ${known.join(', ')}`}`);
    }
  }
  return value as Record<string, unknown>;
}

/** A number in [min, max] (whole when `integer`), or `fallback` when absent. */
export function readNumber(value: unknown, path: string, range: { min: number; max: number; integer?: boolean }, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ScenarioError(path, `must be a number, not ${jsonTypeOf(value)}`);
  if (range.integer && !Number.isInteger(value)) throw new ScenarioError(path, `must be a whole number, not ${value}`);
  if (value < range.min) throw new ScenarioError(path, `must be at least ${range.min}${range.min === 0 ? ' (it cannot be negative)' : ''}, not ${value}`);
  if (value > range.max) throw new ScenarioError(path, `must be at most ${range.max}, not ${value}`);
  return value;
}

/** One of `choices`, or `fallback` when absent. */
export function readChoice<T extends string>(value: unknown, path: string, choices: readonly T[], fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? didYouMean(value, choices) : undefined;
  throw new ScenarioError(path, `must be one of ${choices.join(' | ')}, not ${JSON.stringify(value)}${hint ? `; did you mean '${hint}'?` : ''}`);
}

/** A non-empty string, or `fallback` when absent. */
export function readText(value: unknown, path: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') throw new ScenarioError(path, `must be a non-empty string, not ${jsonTypeOf(value)}`);
  return value;
}

export function readBoolean(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ScenarioError(path, `must be true or false, not ${jsonTypeOf(value)}`);
  return value;
}

/** A list of strings, each checked by `check` (which returns a problem or undefined). */
export function readTextList(value: unknown, path: string, check: (item: string) => string | undefined): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ScenarioError(path, `must be a list, not ${jsonTypeOf(value)}`);
  return value.map((item, index) => {
    if (typeof item !== 'string') throw new ScenarioError(`${path}[${index}]`, `must be a string, not ${jsonTypeOf(item)}`);
    const problem = check(item);
    if (problem) throw new ScenarioError(`${path}[${index}]`, problem);
    return item;
  });
}

/** `[min, max]` seconds with 0 <= min <= max. */
export function readSecondsRange(value: unknown, path: string, fallback: [number, number]): [number, number] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length !== 2) throw new ScenarioError(path, `must be a list of two numbers [min, max] in seconds, not ${jsonTypeOf(value)}`);
  const min = readNumber(value[0], `${path}[0]`, { min: 0, max: 86_400 });
  const max = readNumber(value[1], `${path}[1]`, { min: 0, max: 86_400 });
  if (max < min) throw new ScenarioError(path, `max ${max} is below min ${min}`);
  return [min, max];
}
