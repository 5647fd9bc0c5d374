import { findLinks } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findLinks', () => {
  it.each([
    ['pay at bit.ly/3xYz now', ['bit.ly/3xYz']],
    ['go to https://example.com/a?b=1.', ['https://example.com/a?b=1']],
    ['www.paypal.com.evil.ru/login', ['www.paypal.com.evil.ru/login']],
    ['mail refunds@hmrc-gov.co now', ['refunds@hmrc-gov.co']],
    ['mailto:x@y.com', ['mailto:x@y.com']],
    ['http://185.234.72.19/login.php', ['http://185.234.72.19/login.php']],
    ['(see paypal.com)', ['paypal.com']],
    ['ftp://files.example.org', ['ftp://files.example.org']],
    ['xn--pypal-4ve.com', ['xn--pypal-4ve.com']],
    ['пример.рф', ['пример.рф']],
    ['invoice.zip and clip.mov', ['invoice.zip', 'clip.mov']],
    ['paypal.Com', ['paypal.Com']],
    ['ASP.NET', ['ASP.NET']],
    ['you.love', ['you.love']],
    ['example.com:8080/x', ['example.com:8080/x']],
  ])('finds the links in %p', (text, expected) => {
    expect(values(text, findLinks(text))).toEqual(expected);
  });

  it.each([
    ['Secure.Help', 'verify at Secure.Help now'],
    ['Paypal.Support', 'log in: Paypal.Support'],
    ['Wa.Me/447911123456', 'chat on Wa.Me/447911123456'],
    ['Wa.Me', 'write to Wa.Me today'],
    ['Apple-Recovery.Support', 'go to Apple-Recovery.Support.'],
    ['Quiz.Win', 'Moby Pub Quiz.Win a prize'],
    ['notion-2.so', 'see notion-2.so'],
  ])('decides a capitalised host by its top-level domain: finds %p', (expected, text) => {
    expect(values(text, findLinks(text))).toEqual([expected]);
  });

  it.each([
    'Hi there.How are you',
    'ok.Now see you',
    'Mr.Smith will call',
    'so.so and joined.so, drink.pa',
    'Wife.how are you',
    'lesson 2.IM back',
    'e.g. file.txt, report.pdf, photo.jpg',
    'Node.js v2.0.1 at 10.30am, $1.99',
    'running on localhost',
    'U.S.A. i.e. p.m.',
    'tel:+15551234567', // linkify does not know tel:, findSchemeLinks does
  ])('finds nothing in %p', (text) => {
    expect(findLinks(text)).toEqual([]);
  });

  it('reports url spans only', () => {
    for (const span of findLinks('a.com b@c.org')) expect(span.kind).toBe('url');
  });
});
