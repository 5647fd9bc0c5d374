import { classifyCaller, WITHHELD_CALLER_NUMBERS } from '../../../src/core/inbound';

describe('classifyCaller', () => {
  it('reads a valid E.164 caller as a number with its country', () => {
    expect(classifyCaller('+447400123456')).toEqual({ kind: 'number', e164: '+447400123456', country: 'GB' });
    expect(classifyCaller(' +14155552671 ')).toEqual({ kind: 'number', e164: '+14155552671', country: 'US' });
  });

  it.each([
    ['no From at all', undefined],
    ['an empty From', ''],
    ...WITHHELD_CALLER_NUMBERS.map((number) => [`Twilio's withheld marker ${number}`, number] as [string, string]),
    ['the word anonymous', 'anonymous'],
    ['the word Restricted', 'Restricted'],
    ['the word UNKNOWN', 'UNKNOWN'],
  ])('reads %s as a withheld caller', (_name, from) => {
    expect(classifyCaller(from)).toEqual({ kind: 'anonymous', reason: 'withheld' });
  });

  it.each([
    ['an invalid number', '+10000000000'],
    ['a national number', '07400123456'],
    ['a formatted number (Twilio sends E.164)', '+44 7400 123456'],
    ['a Voice SDK client', 'client:alice'],
    ['a SIP address', 'sip:alice@example.com'],
    ['junk', '<script>'],
  ])('reads %s as unparseable', (_name, from) => {
    expect(classifyCaller(from)).toEqual({ kind: 'anonymous', reason: 'unparseable' });
  });
});
