import { findDisguisedLinks } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findDisguisedLinks', () => {
  it.each([
    ['bracketed dot', 'log in at paypal[.]com/verify', ['paypal[.]com/verify']],
    ['parenthesized dot', 'rewards-center(.)com', ['rewards-center(.)com']],
    ['braced dot', 'coinbase{.}io/wallet', ['coinbase{.}io/wallet']],
    ['angle-bracketed dot', 'evil<.>ru', ['evil<.>ru']],
    ['bracketed word', 'secure-login[dot]com', ['secure-login[dot]com']],
    ['spaced bracketed word', 'secure-login (dot) net and', ['secure-login (dot) net']],
    ['spaces around brackets', 'www [.] citi [.] com', ['www [.] citi [.] com']],
    ['spelled-out dot', 'type paypal-help dot com now', ['paypal-help dot com']],
    ['spelled-out dot in capitals', 'PAYPAL DOT COM', ['PAYPAL DOT COM']],
    ['spaced dot', 'open amazon . com', ['amazon . com']],
    ['space before the dot', 'open amazon .com', ['amazon .com']],
    ['space after the dot', 'open amazon. com', ['amazon. com']],
    ['mixed disguises', 'paypal[.]co.uk . evil[.]ru', ['paypal[.]co.uk . evil[.]ru']],
    ['disguised e-mail address', 'write to billing@netflix[.]com', ['billing@netflix[.]com']],
    ['port and path', 'evil[.]ru:8080/a/b?c=1.', ['evil[.]ru:8080/a/b?c=1']],
    ['punycode host', 'xn--pypal-4ve.com/login', ['xn--pypal-4ve.com/login']],
    ['punycode TLD', 'xn--80ak6aa92e.xn--p1ai', ['xn--80ak6aa92e.xn--p1ai']],
    ['IPv4 with a path', 'log in at 45.67.89.123/secure', ['45.67.89.123/secure']],
    ['IPv4 with a port', 'at 10.0.0.1:8080 now', ['10.0.0.1:8080']],
    ['bare IPv4 with wide octets', 'go to 103.21.244.15 now', ['103.21.244.15']],
    ['disguised IPv4', '185[.]22[.]41[.]9', ['185[.]22[.]41[.]9']],
    ['host that ends a sentence', 'Go to paypal[.]com. Then log in', ['paypal[.]com']],
    ['real TLD before a sentence', 'paypal[.]com.Thanks', ['paypal[.]com']],
    ['zip TLD', 'invoice[.]zip', ['invoice[.]zip']],
  ])('finds a %s', (_name, text, expected) => {
    expect(values(text, findDisguisedLinks(text))).toEqual(expected);
  });

  it.each([
    ['a file name in brackets', 'see file[.]txt'],
    ['an abbreviation', 'e.g. this, i.e. that'],
    ['a plain domain (linkify finds those)', 'paypal.com'],
    ['a sentence break before a word TLD', 'I am at home. Me too'],
    ['a spaced dot before a word TLD', "I'll be late . To be honest"],
    ['a sentence break before a capitalized TLD', 'I paid. Com was fine'],
    ['the dot com bubble', 'the dot com bubble'],
    ['a polka dot dress', 'a polka dot dress'],
    ['a version number', 'version 1.2.3.4'],
    ['a short dotted quad', 'section 1.2.3.4'],
    ['five numbers', '192.168.1.1.5'],
    ['an octet over 255', '300.1.1.1/x'],
    ['a date', '12.05.2024'],
    ['Cyrillic text around a spelled dot', 'привет dot com'],
  ])('finds nothing in %s', (_name, text) => {
    expect(findDisguisedLinks(text)).toEqual([]);
  });

  it.each([
    ['1600 dots', '.'.repeat(1600)],
    ['a run of a.a.a.', 'a.'.repeat(800)],
    ['a run of bracketed dots', 'a[.]'.repeat(400)],
    ['spelled dots', 'a dot '.repeat(266)],
  ])('stays fast on %s', (_name, text) => {
    const start = performance.now();
    findDisguisedLinks(text);
    expect(performance.now() - start).toBeLessThan(50);
  });
});
