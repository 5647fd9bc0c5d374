import { randomBytes } from 'node:crypto';

/**
 * A new Twilio-style SID: a two-letter prefix and 32 lower-case hex digits, e.g. `MP` + hex for a
 * Sync Map. Random, so SIDs never repeat across resets or emulator instances.
 *
 * @example
 * newSid('SM') // 'SM3f1c...'(34 characters)
 */
export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** True when `value` is a SID with this prefix (either hex case, as Twilio's patterns allow). */
export function isSid(value: string, prefix: string): boolean {
  return value.length === 34 && value.startsWith(prefix) && /^[0-9a-fA-F]{32}$/.test(value.slice(2));
}
