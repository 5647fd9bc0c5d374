import { maskNonPhoneNumbers } from '../../../src/core/sanitize';

describe('maskNonPhoneNumbers', () => {
  it.each([
    ['date d.m.y', 'on 12.05.2024 at', 'on xx.xx.xxxx at'],
    ['date m/d/y', 'due 05/31/24', 'due xx/xx/xx'],
    ['ISO date', '2024-05-12T10', 'xxxx-xx-xxT10'],
    ['year range', '1990-2024 and 2023/24', 'xxxx-xxxx and xxxx/xx'],
    ['time', 'at 10.30 or 9h30', 'at xx.xx or xhxx'],
    ['time range', '10.30-11.45', 'xx.xx-xx.xx'],
    ['price with symbol', '$1,299.99', '$x,xxx.xx'],
    ['price with code', 'USD 250', 'USD xxx'],
    ['price with currency after', '1 234,56 €', 'x xxx,xx €'],
    ['price in roubles', '500 руб', 'xxx руб'],
    ['percentage', '12.5% off', 'xx.x% off'],
    ['thousands', '1,234,567 views', 'x,xxx,xxx views'],
    ['decimal', 'pi 3.14', 'pi x.xx'],
    ['version', 'v10.0.19041.1', 'vxx.x.xxxxx.x'],
    ['version after a word', 'iOS 17.4.1', 'iOS xx.x.x'],
    ['IBAN', 'DE89 3704 0044 0532 0130 00', 'DExx xxxx xxxx xxxx xxxx xx'],
    ['card number', '4111 1111 1111 1111', 'xxxx xxxx xxxx xxxx'],
    ['order number', 'Order #5551234567', 'Order #xxxxxxxxxx'],
    ['reference with colon', 'Ref: 0207946095', 'Ref: xxxxxxxxxx'],
    ['tracking number', 'tracking number 9400111899', 'tracking number xxxxxxxxxx'],
    ['code', 'your code is 123456', 'your code is xxxxxx'],
    ['abbreviated number', 'Nr. 12345678', 'Nr. xxxxxxxx'],
    ['German customer number', 'Kundennummer 123456789', 'Kundennummer xxxxxxxxx'],
    ['French order', 'commande 0612345678', 'commande xxxxxxxxxx'],
    ['Italian code', 'Codice: 12345678', 'Codice: xxxxxxxx'],
    ['Russian order', 'Заказ 12345678', 'Заказ xxxxxxxx'],
    ['numero sign', 'n° 12345678', 'n° xxxxxxxx'],
  ])('masks a %s', (_name, text, masked) => {
    expect(maskNonPhoneNumbers(text)).toBe(masked);
  });

  it.each([
    ['a phone number', 'call 020 7946 0958'],
    ['a French number with dots', '06.12.34.56.78'],
    ['a US number with dots', '415.555.2671'],
    ['a + number after a keyword', 'ref +44 20 7946 0958'],
    ['an impossible date', '45.67.2024'],
    ['the word no', 'no 0207 946 0958'],
  ])('leaves %s alone', (_name, text) => {
    expect(maskNonPhoneNumbers(text)).toBe(text);
  });

  it('keeps the length', () => {
    const text = 'Order #123 on 12.05.2024 at 10.30, $12.99, v1.2.3';
    expect(maskNonPhoneNumbers(text)).toHaveLength(text.length);
  });
});
