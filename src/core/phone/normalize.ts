// Format (Cf) and control (Cc) characters: zero-width spaces and joiners, direction marks and
// overrides, BOMs, soft hyphens. Invisible in a form, they split a number so the parser or a
// list lookup sees something other than what the user saw.
const INVISIBLE = /[\p{Cf}\p{Cc}]/gu;

/** Longest input the phone parser is given; E.164 is 16 characters, formatted input a little more. */
export const MAX_PHONE_INPUT_LENGTH = 64;

/**
 * Prepares user input for the phone parser: NFKC (fullwidth `＋４４` becomes `+44`, which would
 * otherwise defeat the parser), then invisible and direction-control characters removed, then
 * trimmed. Returns `undefined` for input longer than `MAX_PHONE_INPUT_LENGTH` after that, so
 * the parser never works on hostile megabytes.
 *
 * @example
 * normalizePhoneInput('＋４４\u200b7911 123456') // '+447911 123456'
 */
export function normalizePhoneInput(input: string): string | undefined {
  if (input.length > MAX_PHONE_INPUT_LENGTH * 4) return undefined;
  const normalized = input.normalize('NFKC').replace(INVISIBLE, '').trim();
  return normalized.length > MAX_PHONE_INPUT_LENGTH ? undefined : normalized;
}
