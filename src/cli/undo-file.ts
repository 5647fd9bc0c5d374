import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { UndoJournal, UndoRecord } from '../core/harden';

/** Drops the numbers a deny step carries in memory: an undo file names callers only by masked form and hashed id. */
function serialize(record: UndoRecord): string {
  return `${JSON.stringify(record, (key, value: unknown) => (key === 'numbers' ? undefined : value), 2)}\n`;
}

/** Where undo records go unless --undo-dir says otherwise. */
export const DEFAULT_UNDO_DIR = join('.gatekeeper', 'undo');

/**
 * An undo journal in a file named after the tool and the time (`harden-2026-12-04T19-30-00Z.json`),
 * written whole on every save with mode 0600. It holds previous values and SIDs, never a secret.
 */
export function fileJournal(dir: string, tool: 'harden' | 'lockdown', now: number): UndoJournal & { path: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
  const path = resolve(dir, `${tool}-${stamp}.json`);
  return {
    path,
    save: async (record) => writeFileSync(path, serialize(record), { mode: 0o600 }),
  };
}

/** A journal that rewrites an existing undo file (used while undoing it). */
export function existingJournal(path: string): UndoJournal {
  return { save: async (record) => writeFileSync(path, serialize(record), { mode: 0o600 }) };
}

/** Reads an undo record written by `tool`, or an Error naming what is wrong with the file. */
export function readUndoFile(path: string, tool: UndoRecord['tool']): UndoRecord | Error {
  if (!existsSync(path)) return new Error(`undo file '${path}' does not exist`);
  let record: Partial<UndoRecord>;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as Partial<UndoRecord>;
  } catch {
    return new Error(`undo file '${path}' is not JSON`);
  }
  if (record.tool !== tool || record.version !== 1 || !Array.isArray(record.steps) || typeof record.accountSid !== 'string') {
    return new Error(`'${path}' is not an undo record of ${tool.replace('gatekeeper-', 'gatekeeper ')}`);
  }
  return record as UndoRecord;
}
