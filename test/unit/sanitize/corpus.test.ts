import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeSms } from '../../../src/core/sanitize';

interface PhishingCase {
  text: string;
  country?: string;
  expect: string[];
}

interface BenignCase {
  text: string;
  country?: string;
  keep: string[];
}

function load<T>(name: string): T[] {
  return readFileSync(join(__dirname, '../../fixtures/sms', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

const phishing = load<PhishingCase>('phishing.jsonl');
const benign = load<BenignCase>('benign.jsonl');

describe('SMS corpus', () => {
  it('has at least 150 messages', () => {
    expect(phishing.length + benign.length).toBeGreaterThanOrEqual(150);
  });

  describe('phishing', () => {
    it.each(phishing.map((c) => [c.text, c] as const))('removes every link and number from %p', (_text, c) => {
      const result = sanitizeSms(c.text, { defaultCountry: c.country });
      const missed: string[] = [];
      for (const wanted of c.expect) {
        const start = c.text.indexOf(wanted);
        expect(start).toBeGreaterThanOrEqual(0);
        for (let i = start; i < start + wanted.length; i++) {
          if (!result.removed.some((span) => span.start <= i && i < span.end)) {
            missed.push(wanted);
            break;
          }
        }
      }
      expect(missed).toEqual([]);
      // and nothing unrelated is taken with them
      const stray = result.removed.filter(
        (span) => !c.expect.some((wanted) => {
          const start = c.text.indexOf(wanted);
          return span.start < start + wanted.length && start < span.end;
        }),
      );
      expect(stray.map((span) => span.value)).toEqual([]);
    });
  });

  describe('benign', () => {
    it.each(benign.map((c) => [c.text, c] as const))('leaves %p untouched', (_text, c) => {
      const result = sanitizeSms(c.text, { defaultCountry: c.country });
      expect(result.removed.map((span) => span.value)).toEqual([]);
      for (const kept of c.keep) expect(result.text).toContain(kept);
    });
  });
});
