import { parseTemplates } from '../../../src/core/sms/templates';
import { renderTemplate } from '../../../src/core/sms/render-template';

const templates = parseTemplates({
  note: { text: 'Hello {name}, {note}', params: { name: 'name', note: 'text' } },
  code: { text: 'Use {code} at the desk', params: { code: 'code' } },
  text: { text: 'Use {code} at the desk', params: { code: 'text' } },
  tail: { text: 'Call 0906 {tail}', params: { tail: 'text' } },
});
const template = (name: string) => templates.get(name)!;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no refusal';
}

describe('renderTemplate', () => {
  it.each([
    ['Paypal.Support', /'note' must not contain a link/],
    ['ring (415) 555-2671', /'note' must not contain a phone number/],
    ['ring O2O 7946 O958', /'note' must not contain a phone number/],
    ['call09050000327', /'note' must not contain a phone number/],
    ['claim number 09066364311', /'note' must not contain a phone number/],
    ['Txt WIN to 80082', /'note' must not contain a phone number/],
    ['nine one seven five five five 2671', /'note' must not contain a phone number/],
  ])('refuses a text parameter holding %p, naming it, for a British recipient', (note, message) => {
    expect(refusal(() => renderTemplate(template('note'), { name: 'Ann', note }, { defaultCountry: 'GB' }))).toMatch(message);
  });

  // Every form of issue 15 is refused in a text parameter, naming it: by the sanitizer, by the
  // digit limit, or by the type's character set (emoji, `*`, `/` are not text characters).
  it.each([
    'Pls call claim number 09066364311',
    'Help08714742804',
    '09061701461150p',
    '0871277810910p',
    'ring 0906 📞 170 📞 1461',
    'ring 415*555*2671',
    'nine one seven five five five 2671',
    'Secure.Help',
    'Wa.Me',
    'Apple-Recovery.Support',
    'Kundennummer 030 12345678',
    'send CASH to 86688',
  ])('refuses %p in a text parameter, naming the parameter', (note) => {
    expect(refusal(() => renderTemplate(template('note'), { name: 'Ann', note }, { defaultCountry: 'GB' }))).toMatch(/^Template parameter 'note' must/);
  });

  it('names the parameter whose value joins the operator text into a number', () => {
    expect(refusal(() => renderTemplate(template('tail'), { tail: '170 1461' }, { defaultCountry: 'GB' }))).toMatch(/'tail' must not contain a phone number/);
  });

  it('sends a value of a shaped type that the sanitizer reads as part of a number, and refuses it as free text', () => {
    // 030 12345 is a Berlin number; as a declared code it is a code
    expect(renderTemplate(template('code'), { code: '03012345' }, { defaultCountry: 'DE' })).toBe('Use 03012345 at the desk');
    expect(refusal(() => renderTemplate(template('text'), { code: '03012345' }, { defaultCountry: 'DE' }))).toMatch(/'code' must not contain a phone number/);
  });

  it('refuses a code that is not 4 to 8 letters and digits', () => {
    expect(refusal(() => renderTemplate(template('code'), { code: '09066364311' }, { defaultCountry: 'GB' }))).toMatch(/'code' must be a code of 4 to 8/);
  });

  it('reads the extra countries it is given', () => {
    expect(renderTemplate(template('note'), { name: 'Ann', note: 'see you 9876' }, { defaultCountry: 'GB' })).toBe('Hello Ann, see you 9876');
    expect(refusal(() => renderTemplate(parseTemplates({ t: { text: 'Call 98765 {tail}', params: { tail: 'text' } } }).get('t')!, { tail: '43210' }, { defaultCountry: 'GB', extraCountries: ['IN'] }))).toMatch(/'tail' must not contain a phone number/);
  });
});
