import { findSpelledNumbers } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findSpelledNumbers', () => {
  it.each([
    ['call nine one seven, five five five, two six seven one', 'nine one seven, five five five, two six seven one'],
    ['ring oh seven nine one one 123 456 now', 'oh seven nine one one 123 456'],
    ['Zero Two Zero - Seven Nine Four Six - Zero Nine Five Eight', 'Zero Two Zero - Seven Nine Four Six - Zero Nine Five Eight'],
  ])('finds the number spelled in %p', (text, expected) => {
    expect(values(text, findSpelledNumbers(text))).toEqual([expected]);
  });

  it.each([
    'one, two, three, four, five',
    'I have one or two ideas',
    'between three and four pm',
    'someone nine times',
    '2024 was a good year',
  ])('leaves %p alone', (text) => {
    expect(findSpelledNumbers(text)).toEqual([]);
  });
});
