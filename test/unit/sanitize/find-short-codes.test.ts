import { findShortCodes } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findShortCodes', () => {
  it.each([
    ['Txt ansr to 82277. £1.50 SP:Tyrone', ['82277']],
    ['send CASH to 86688 only 150p/msg', ['86688']],
    ['TXT: CALL to No: 86888 & claim', ['86888']],
    ['Text STOP to 85050 to opt out', ['85050']],
    ['Txt ur club name to 87077 eg VILLA to 87077', ['87077', '87077']],
    ['Text MTALK to 69866.18 . 30pp/txt', ['69866']],
    ['Sms ICD to 54999', ['54999']],
    ['text 82277 now', ['82277']],
  ])('removes the short code after a sending verb in %p', (text, expected) => {
    expect(values(text, findShortCodes(text))).toEqual(expected);
  });

  it.each([
    'Your PIN is 4821',
    'Meet me at 1930 to talk',
    'I sent it. Then went to 10115 Berlin',
    'Send the 1500 words to Anna',
    'Reply STOP to opt out',
    'text me at 123',
  ])('leaves %p alone', (text) => {
    expect(findShortCodes(text)).toEqual([]);
  });
});
