import { formatSubjectKind, parseSubjectKind, resolveSubject, type SubjectKind } from '../../../src/core/throttle';

describe('parseSubjectKind', () => {
  it.each([
    ['number', { type: 'number' }],
    ['country', { type: 'country' }],
    ['identity', { type: 'identity' }],
    ['global', { type: 'global' }],
    ['prefix:1', { type: 'prefix', digits: 1 }],
    ['prefix:6', { type: 'prefix', digits: 6 }],
    ['prefix:15', { type: 'prefix', digits: 15 }],
  ])('parses %s', (text, kind) => {
    expect(parseSubjectKind(text)).toEqual(kind);
  });

  it.each(['prefix:0', 'prefix:16', 'prefix:', 'prefix', 'prefix:6a', 'Number', 'ip', '', 6, null])('refuses %j', (text) => {
    expect(parseSubjectKind(text)).toBeUndefined();
  });

  it('writes a kind back the way rules spell it', () => {
    expect(formatSubjectKind({ type: 'prefix', digits: 6 })).toBe('prefix:6');
    expect(formatSubjectKind({ type: 'global' })).toBe('global');
  });
});

describe('resolveSubject', () => {
  const number: SubjectKind = { type: 'number' };
  const prefix6: SubjectKind = { type: 'prefix', digits: 6 };

  it('takes the E.164 number for a number subject', () => {
    expect(resolveSubject(number, { number: '+447700900123' })).toEqual({ ok: true, value: '+447700900123' });
  });

  it('takes the first N digits without the plus for a prefix subject', () => {
    expect(resolveSubject(prefix6, { number: '+447700900123' })).toEqual({ ok: true, value: '447700' });
  });

  it('takes the whole number when it has fewer digits than the prefix', () => {
    expect(resolveSubject({ type: 'prefix', digits: 15 }, { number: '+4477009' })).toEqual({ ok: true, value: '4477009' });
  });

  it.each(['+44 7700 900123', '447700900123', '+0447700900123', '+4477009001234567', 'anonymous', '+4'])(
    'refuses the non-E.164 number %j instead of hashing it as written',
    (value) => {
      expect(resolveSubject(number, { number: value })).toEqual({ ok: false, reason: 'invalid_subject' });
      expect(resolveSubject(prefix6, { number: value })).toEqual({ ok: false, reason: 'invalid_subject' });
    },
  );

  it('upper-cases the country', () => {
    expect(resolveSubject({ type: 'country' }, { country: 'gb' })).toEqual({ ok: true, value: 'GB' });
  });

  it.each(['GBR', 'G', '44'])('refuses the country %j', (country) => {
    expect(resolveSubject({ type: 'country' }, { country })).toEqual({ ok: false, reason: 'invalid_subject' });
  });

  it('takes the identity as given and refuses one over 256 characters', () => {
    expect(resolveSubject({ type: 'identity' }, { identity: 'user-42' })).toEqual({ ok: true, value: 'user-42' });
    expect(resolveSubject({ type: 'identity' }, { identity: 'x'.repeat(257) })).toEqual({ ok: false, reason: 'invalid_subject' });
  });

  it.each<[SubjectKind]>([[number], [prefix6], [{ type: 'country' }], [{ type: 'identity' }]])('reports a missing value for %j', (kind) => {
    expect(resolveSubject(kind, {})).toEqual({ ok: false, reason: 'subject_missing' });
    expect(resolveSubject(kind, { number: '', country: '', identity: '' })).toEqual({ ok: false, reason: 'subject_missing' });
  });

  it('gives every request the same global subject', () => {
    expect(resolveSubject({ type: 'global' }, {})).toEqual({ ok: true, value: 'global' });
  });
});
