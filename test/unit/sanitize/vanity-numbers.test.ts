import { findVanityNumbers } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findVanityNumbers', () => {
  it.each([
    ['call 1-800-FLOWERS now', '1-800-FLOWERS'],
    ['1 (888) GET-LOAN', '1 (888) GET-LOAN'],
    ['+1-877-LOAN-NOW', '+1-877-LOAN-NOW'],
    ['800-CALL-NOW', '800-CALL-NOW'],
    ['1800CONTACTS', '1800CONTACTS'],
    ['1-800-flowers', '1-800-flowers'],
    ['(866) MY-REFUND', '(866) MY-REFUND'],
    ['800 FLOWERS', '800 FLOWERS'],
    ['1-855-2FLOWERS', '1-855-2FLOWERS'],
  ])('finds %p', (text, expected) => {
    expect(values(text, findVanityNumbers(text))).toEqual([expected]);
  });

  it.each([
    ['we delivered 800 flowers', 'a quantity'],
    ['1-800-356-9377', 'an all-digit number (the number finder handles it)'],
    ['1-800-ABC', 'too few keypad characters'],
    ['1-800-ABCDEFGHIJK', 'too many keypad characters'],
    ['1-900-FLOWERS', 'not a toll-free area code'],
    ['X800FLOWERS', 'glued to a word'],
  ])('leaves %p alone: %s', (text) => {
    expect(findVanityNumbers(text)).toEqual([]);
  });
});
