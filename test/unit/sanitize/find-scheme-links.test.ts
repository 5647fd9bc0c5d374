import { findSchemeLinks } from '../../../src/core/sanitize';
import { values } from './helpers';

describe('findSchemeLinks', () => {
  it.each([
    ['TnCs www.Ldew.com1win150ppmx3age16', 'www.Ldew.com1win150ppmx3age16'],
    ['visit WWW.example.zzz/x now', 'WWW.example.zzz/x'],
    ['at: http:// bit', 'http://'],
    ['at http:/bit-ly', 'http:/bit-ly'],
  ])('removes www. hosts and cut schemes: %p', (text, expected) => {
    expect(values(text, findSchemeLinks(text))).toEqual([expected]);
  });

  it.each([
    ['open hxxps[:]//evil[.]com/a now', ['hxxps[:]//evil[.]com/a']],
    ['hxxp://evil.com/x', ['hxxp://evil.com/x']],
    ['hXXps://evil.com', ['hXXps://evil.com']],
    ['h**ps://evil.com', ['h**ps://evil.com']],
    ['fxp://files.evil.com', ['fxp://files.evil.com']],
    ['https://paypal[.]com/login', ['https://paypal[.]com/login']],
    ['(see hxxp://x.ru/a).', ['hxxp://x.ru/a']],
    ['call tel:+14155552671 now', ['tel:+14155552671']],
    ['Tel:020-7946-0958', ['Tel:020-7946-0958']],
    ['sms:+447911123456?body=YES', ['sms:+447911123456?body=YES']],
    ['smsto:12345', ['smsto:12345']],
    ['whatsapp://send?phone=447911123456', ['whatsapp://send?phone=447911123456']],
    ['intent://scan/#Intent;scheme=zxing;end', ['intent://scan/#Intent;scheme=zxing;end']],
    ['data:text/html;base64,PHNjcmlwdD4=', ['data:text/html;base64,PHNjcmlwdD4=']],
    ['data:,hello', ['data:,hello']],
    ['javascript:alert(1)', ['javascript:alert(1)']],
    ['tg://resolve?domain=x', ['tg://resolve?domain=x']],
    ['market://details?id=com.evil', ['market://details?id=com.evil']],
    ['itms-services://?action=download-manifest', ['itms-services://?action=download-manifest']],
  ])('finds the scheme link in %p', (text, expected) => {
    expect(values(text, findSchemeLinks(text))).toEqual(expected);
  });

  it.each([
    'Data: 5GB left this month',
    'data:5GB',
    'Tel: ask reception',
    'SMS: reply STOP',
    'the intent: to help',
    'javascript: is a language',
    'phttp://x', // not a scheme at a word start
  ])('finds nothing in %p', (text) => {
    expect(findSchemeLinks(text)).toEqual([]);
  });
});
