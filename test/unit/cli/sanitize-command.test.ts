import { Readable } from 'node:stream';
import { MAX_JSONL_LINE_LENGTH, runSanitizeCommand, SANITIZE_USAGE } from '../../../src/cli/commands/sanitize';

function run(args: string[], input: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdin: Readable.from(input), stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
  return runSanitizeCommand(args, io).then((code) => ({ code, out: out.join(''), err: err.join(''), writes: out }));
}

describe('gatekeeper sanitize', () => {
  it('prints the sanitized text of all of standard input', async () => {
    const result = await run([], ['Pay at bit.ly/x or ', 'call +44 20 7946 0958\n']);
    expect(result).toMatchObject({ code: 0, out: 'Pay at (link removed) or call (number removed)\n', err: '' });
  });

  it('uses --country for national numbers', async () => {
    expect((await run(['--country', 'gb'], ['call 020 7946 0958'])).out).toBe('call (number removed)\n');
    expect((await run(['--country=US'], ['call (415) 555-2671'])).out).toBe('call (number removed)\n');
    expect((await run([], ['call 020 7946 0958'])).out).toBe('call 020 7946 0958\n');
  });

  it('explains each removal with the detector that found it (--explain)', async () => {
    const result = await run(['--country', 'GB', '--explain'], ['Pls call claim number 09066364311 or see Paypal.Support; txt WIN to 80082']);
    expect(result.out).toBe(
      'Pls call claim number (number removed) or see (link removed); txt WIN to (number removed)\n' +
        '- number 22-33 "09066364311": phone-numbers\n' +
        '- link 41-55 "Paypal.Support": links\n' +
        '- number 68-73 "80082": short-codes\n',
    );
    expect((await run(['--explain'], ['hello'])).out).toBe('hello\n- nothing removed\n');
  });

  it('names the detector in --jsonl output with --explain', async () => {
    const result = await run(['--jsonl', '--explain'], ['{"text": "call09050000327", "country": "GB"}\n']);
    expect(JSON.parse(result.out)).toEqual({ text: 'call(number removed)', removed: [{ kind: 'phone', start: 4, end: 15, value: '09050000327', detector: 'phone-numbers' }] });
  });

  it('reads national numbers of --extra-countries too', async () => {
    expect((await run(['--country', 'GB', '--extra-countries', 'in,ph'], ['call 98765 43210'])).out).toBe('call (number removed)\n');
    expect((await run(['--extra-countries=XX'], ['x'])).code).toBe(2);
  });

  it('keeps only the first 1600 characters of a long input', async () => {
    const result = await run([], ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(1000)]);
    expect(result.out).toBe(`${'a'.repeat(1000)}${'b'.repeat(600)}\n`);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = Buffer.from('ｐａｙｐａｌ．ｃｏｍ ok');
    const result = await run([], [bytes.subarray(0, 4), bytes.subarray(4)]);
    expect(result.out).toBe('(link removed) ok\n');
  });

  it('answers each JSON line with one line, in order, and keeps going after a bad line', async () => {
    const lines = [
      '{"text": "go to paypal[.]com", "country": "US"}\n',
      'not json\n',
      '\n',
      '{"text": 5}\n{"text": "call 020 7946 0958", "country": "GB"}\n',
      '{"text": "x", "country": "XX"}\n',
      '["text"]\n',
      '{"text": "plain"}',
    ];
    const result = await run(['--jsonl'], lines);
    expect(result.code).toBe(0);
    const answers = result.out.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(answers).toEqual([
      { text: 'go to (link removed)', removed: [{ kind: 'url', start: 6, end: 18, value: 'paypal[.]com' }] },
      { error: 'line 2: not valid JSON' },
      { error: 'line 4: "text" must be a string' },
      { text: 'call (number removed)', removed: [{ kind: 'phone', start: 5, end: 18, value: '020 7946 0958' }] },
      { error: 'line 6: "country" must be an ISO 3166-1 alpha-2 code such as "US"' },
      { error: 'line 7: expected an object like {"text": "...", "country": "US"}' },
      { text: 'plain', removed: [] },
    ]);
  });

  it('applies --country to lines without their own country', async () => {
    const result = await run(['--jsonl', '--country', 'GB'], ['{"text": "call 020 7946 0958"}\n{"text": "call 020 7946 0958", "country": "US"}\n']);
    const [first, second] = result.out.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(first.text).toBe('call (number removed)');
    expect(second.text).toBe('call 020 7946 0958');
  });

  it('handles lines split across chunks and CRLF endings', async () => {
    const result = await run(['--jsonl'], ['{"text": "bit', '.ly/x"}\r\n{"te', 'xt": "ok"}\r\n']);
    expect(result.out.trimEnd().split('\n').map((line) => JSON.parse(line).text)).toEqual(['(link removed)', 'ok']);
  });

  it('writes each answer before reading the next line (streams)', async () => {
    const written: string[] = [];
    let seenBeforeSecond = 0;
    async function* input() {
      yield '{"text": "first"}\n';
      seenBeforeSecond = written.length;
      yield '{"text": "second"}\n';
    }
    await runSanitizeCommand(['--jsonl'], { stdin: input(), stdout: { write: (t: string) => written.push(t) }, stderr: { write: () => undefined } });
    expect(seenBeforeSecond).toBe(1);
    expect(written).toHaveLength(2);
  });

  it('answers an overlong line with an error without holding it in memory, then goes on', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    const chunks = Array.from({ length: Math.ceil(MAX_JSONL_LINE_LENGTH / chunk.length) + 1 }, () => chunk);
    const result = await run(['--jsonl'], ['{"text": "', ...chunks, '"}\n{"text": "ok"}\n']);
    expect(result.out.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { error: `line 1: longer than ${MAX_JSONL_LINE_LENGTH} characters` },
      { text: 'ok', removed: [] },
    ]);
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['--country'], /needs a country code/],
    [['--country', 'XX'], /'XX' is not a supported ISO 3166-1 alpha-2 country code/],
    [['extra'], /unexpected argument 'extra'/],
  ])('exits 2 with a message on bad usage %p', async (args, message) => {
    const result = await run(args, []);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('Usage: gatekeeper sanitize');
    expect(result.out).toBe('');
  });

  it('prints usage for --help', async () => {
    const result = await run(['--help'], []);
    expect(result).toMatchObject({ code: 0, out: SANITIZE_USAGE });
  });

  it('prints nothing for empty input', async () => {
    expect((await run([], [])).out).toBe('');
    expect((await run(['--jsonl'], [])).out).toBe('');
  });
});
