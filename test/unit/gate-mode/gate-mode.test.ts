import { createGateModeDocument, modeAt, parseGateModeDocument } from '../../../src/core/gate-mode';

const NOW = Date.UTC(2026, 11, 4, 12);

describe('parseGateModeDocument', () => {
  it('reads a complete document', () => {
    const data = { mode: 'lockdown', reason: 'spend', since: NOW, until: NOW + 60_000, by: 'cli' };
    expect(parseGateModeDocument(data)).toEqual(data);
  });

  it('reads a missing until as no expiry', () => {
    expect(parseGateModeDocument({ mode: 'strict', reason: '', since: NOW, by: 'cli' })?.until).toBeNull();
  });

  it.each([
    ['an unknown mode', { mode: 'panic', reason: '', since: NOW, by: 'cli' }],
    ['a missing since', { mode: 'strict', reason: '', by: 'cli' }],
    ['a text until', { mode: 'strict', reason: '', since: NOW, until: 'tomorrow', by: 'cli' }],
    ['a missing by', { mode: 'strict', reason: '', since: NOW }],
    ['an overlong reason', { mode: 'strict', reason: 'x'.repeat(201), since: NOW, by: 'cli' }],
    ['an array', [1, 2]],
    ['a string', 'lockdown'],
  ])('refuses %s', (_name, data) => {
    expect(parseGateModeDocument(data)).toBeNull();
  });
});

describe('modeAt', () => {
  const strict = { mode: 'strict' as const, reason: '', since: NOW, until: NOW + 1000, by: 'cli' };

  it('is normal without a document', () => {
    expect(modeAt(null, NOW)).toBe('normal');
  });

  it('is the document mode before until and normal from until on', () => {
    expect(modeAt(strict, NOW + 999)).toBe('strict');
    expect(modeAt(strict, NOW + 1000)).toBe('normal');
  });

  it('keeps a mode without until', () => {
    expect(modeAt({ ...strict, until: null }, NOW + 1e9)).toBe('strict');
  });
});

describe('createGateModeDocument', () => {
  it('stamps since and trims the reason', () => {
    expect(createGateModeDocument({ mode: 'lockdown', reason: '  fraud  ', by: 'cli' }, NOW)).toEqual({
      mode: 'lockdown',
      reason: 'fraud',
      since: NOW,
      until: null,
      by: 'cli',
    });
  });

  it.each([
    ['an until in the past', { mode: 'strict' as const, until: NOW - 1, by: 'cli' }, /future/],
    ['normal with an until', { mode: 'normal' as const, until: NOW + 1000, by: 'cli' }, /never expires/],
    ['an empty by', { mode: 'strict' as const, by: '' }, /'by'/],
    ['an overlong reason', { mode: 'strict' as const, reason: 'x'.repeat(201), by: 'cli' }, /reason/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => createGateModeDocument(input, NOW)).toThrow(message);
  });
});
