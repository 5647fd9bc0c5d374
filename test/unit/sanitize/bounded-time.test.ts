import { sanitizeSms } from '../../../src/core/sanitize';

const ADVERSARIAL: ReadonlyArray<readonly [string, string]> = [
  ['1600 dots', '.'.repeat(1600)],
  ['1600 digits', '7'.repeat(1600)],
  ['a.a.a.', 'a.'.repeat(800)],
  ['1.1.1.', '1.'.repeat(800)],
  ['spaced digits', '3 '.repeat(800)],
  ['plus signs', '+1 '.repeat(533)],
  ['IDD prefixes', '00 '.repeat(533)],
  ['bracketed dots', 'co[.]'.repeat(320)],
  ['spelled dots', 'ab dot '.repeat(228)],
  ['schemes', 'hxxp://'.repeat(228)],
  ['tel schemes', 'tel:1'.repeat(320)],
  ['vanity prefixes', '1-800-AB'.repeat(200)],
  ['zero-width spaces', '\u200B'.repeat(1600)],
  ['emoji sequences', '👨‍👩‍👧'.repeat(200)],
  ['Arabic-Indic digits', '٣'.repeat(1600)],
  ['links', 'a.com '.repeat(266)],
  ['brackets', '[('.repeat(800)],
  ['at signs', 'a@'.repeat(800)],
];

/**
 * Median CPU time (user + system, ms) of `runs` calls. CPU time, not wall clock: other jobs on a
 * shared machine make a call wait for a core, which says nothing about the algorithm.
 */
function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

describe('bounded time', () => {
  beforeAll(() => {
    sanitizeSms('warm up +44 20 7946 0958 bit.ly/x', { defaultCountry: 'GB' });
  });

  // Generous limits on CPU time; the benchmark measures.
  it.each(ADVERSARIAL)('sanitizes %s (1600 characters) in well under 100 ms', (_name, text) => {
    for (const defaultCountry of [undefined, 'DE', 'US']) {
      expect(median(3, () => sanitizeSms(text, { defaultCountry }))).toBeLessThan(100);
    }
  });

  it('grows roughly linearly with length', () => {
    const unit = '3 1.2 a[.]b +4 ';
    const short = median(5, () => sanitizeSms(unit.repeat(Math.floor(400 / unit.length)), { defaultCountry: 'DE' }));
    const long = median(5, () => sanitizeSms(unit.repeat(Math.floor(1600 / unit.length)), { defaultCountry: 'DE' }));
    expect(long).toBeLessThan(Math.max(short, 0.2) * 12);
  });

  it('cuts input longer than 1600 characters before the detectors see it', () => {
    const time = median(3, () => sanitizeSms('1.'.repeat(100_000), { defaultCountry: 'DE' }));
    expect(time).toBeLessThan(100);
  });
});
