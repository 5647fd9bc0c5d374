/**
 * Masks a phone number for logs: the country code and first digits stay (useful to spot a
 * pumped range), the subscriber part does not. `+447912345656` becomes `+4479******56`.
 * Inputs with few digits are masked whole, so nothing identifying survives.
 *
 * @example
 * maskPhoneNumber('+447912345656') // '+4479******56'
 */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 1));
  const plus = value.trimStart().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

// Seven or more digits, possibly with the separators people and libraries put in numbers.
const NUMBER_LIKE = /\+?\d(?:[\d\s().\-\u00a0]{5,28})\d/g;

/**
 * Masks everything in free text that could be a phone number (7+ digits). A safety net for log
 * lines built from library error messages, which sometimes quote the number they refused.
 */
export function redactPhoneNumbers(text: string): string {
  return text.replace(NUMBER_LIKE, (candidate) => {
    const digitCount = candidate.replace(/\D/g, '').length;
    return digitCount >= 7 ? maskPhoneNumber(candidate) : candidate;
  });
}
