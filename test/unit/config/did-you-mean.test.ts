import { didYouMean } from '../../../src/core/config';

describe('didYouMean', () => {
  const keys = ['action', 'subject', 'windows', 'onStoreError', 'localLimit', 'mode'];

  it.each([
    ['windws', 'windows'],
    ['subjet', 'subject'],
    ['onstoreerror', 'onStoreError'],
    ['mdoe', 'mode'],
    ['localLimits', 'localLimit'],
  ])('suggests %s -> %s', (word, expected) => {
    expect(didYouMean(word, keys)).toBe(expected);
  });

  it('suggests nothing for a word unlike every candidate', () => {
    expect(didYouMean('banana', keys)).toBeUndefined();
  });

  it('suggests nothing when there are no candidates', () => {
    expect(didYouMean('windows', [])).toBeUndefined();
  });
});
