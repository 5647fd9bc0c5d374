import { mergeSpans, sameSpans, type FoundSpan } from '../../../src/core/sanitize';

describe('mergeSpans', () => {
  it.each<[string, FoundSpan[], FoundSpan[]]>([
    ['sorts', [{ kind: 'phone', start: 10, end: 12 }, { kind: 'url', start: 0, end: 2 }], [{ kind: 'url', start: 0, end: 2 }, { kind: 'phone', start: 10, end: 12 }]],
    ['merges overlaps, a link winning', [{ kind: 'phone', start: 4, end: 16 }, { kind: 'url', start: 0, end: 10 }], [{ kind: 'url', start: 0, end: 16 }]],
    ['keeps touching spans apart', [{ kind: 'url', start: 0, end: 5 }, { kind: 'phone', start: 5, end: 9 }], [{ kind: 'url', start: 0, end: 5 }, { kind: 'phone', start: 5, end: 9 }]],
    ['absorbs contained spans', [{ kind: 'url', start: 0, end: 20 }, { kind: 'phone', start: 3, end: 8 }], [{ kind: 'url', start: 0, end: 20 }]],
    ['drops empty spans', [{ kind: 'url', start: 3, end: 3 }], []],
  ])('%s', (_name, input, expected) => {
    expect(mergeSpans(input)).toEqual(expected);
  });

  it('does not change its input', () => {
    const input: FoundSpan[] = [{ kind: 'phone', start: 4, end: 16 }, { kind: 'url', start: 0, end: 10 }];
    mergeSpans(input);
    expect(input[0]).toEqual({ kind: 'phone', start: 4, end: 16 });
  });

  it('compares span lists', () => {
    expect(sameSpans([{ kind: 'url', start: 0, end: 1 }], [{ kind: 'url', start: 0, end: 1 }])).toBe(true);
    expect(sameSpans([{ kind: 'url', start: 0, end: 1 }], [{ kind: 'phone', start: 0, end: 1 }])).toBe(false);
  });
});
