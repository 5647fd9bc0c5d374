import { createLogger, loggedNumber } from '../../../src/core/log';

function capture(level?: 'debug' | 'info' | 'warn' | 'error' | 'silent') {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => lines.push(line), now: () => Date.UTC(2026, 0, 1) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON line per event with time, level and event', () => {
    const { logger, lines, records } = capture();
    logger.info('verify.start', { decision: 'allowed' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(records()[0]).toEqual({ ts: '2026-01-01T00:00:00.000Z', level: 'info', event: 'verify.start', decision: 'allowed' });
  });

  it('drops events below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['c', 'd']);
  });

  it('writes nothing when silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('x');
    expect(lines).toHaveLength(0);
  });

  it('masks phone numbers in every string, at any depth', () => {
    const { logger, lines } = capture();
    logger.info('x', { to: '+447912345656', nested: { note: 'caller +12024561111 refused' }, list: ['+447912345656'] });
    expect(lines[0]).not.toMatch(/7912345656|2024561111/);
    expect(lines[0]).toContain('+4479******56');
  });

  it('tags each masked number with a short keyed hash, the same for one number on every line, and keeps SIDs whole', () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line), numberKey: 'k'.repeat(32) });
    const callSid = `CA${'0123456789'.repeat(3)}ab`;
    logger.info('a', { to: loggedNumber('+447912345656'), callSid, note: 'retry for +447912345656' });
    logger.info('b', { from: loggedNumber('+447912345656'), other: loggedNumber('+447912345657') });
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first.to).toMatch(/^\+4479\*{6}56~[0-9a-f]{8}$/);
    expect(first.note).toBe(`retry for ${first.to}`);
    expect(first.callSid).toBe(callSid);
    expect(second.from).toBe(first.to);
    expect(second.other).not.toBe(first.to);
    const otherKey: string[] = [];
    createLogger({ sink: (line) => otherKey.push(line), numberKey: 'j'.repeat(32) }).info('a', { to: loggedNumber('+447912345656') });
    expect(JSON.parse(otherKey[0]).to).not.toBe(first.to);
  });

  it('writes a logged number masked, untagged, without a key and wherever it is serialized', () => {
    const { logger, lines } = capture();
    logger.info('x', { to: loggedNumber('+447912345656') });
    expect(JSON.parse(lines[0]).to).toBe('+4479******56');
    expect(JSON.stringify({ to: loggedNumber('+447912345656') })).toBe('{"to":"+4479******56"}');
  });

  it('never writes secrets or message bodies', () => {
    const { logger, lines } = capture();
    logger.info('x', { authToken: 'secret-1', GATE_API_TOKEN: 'secret-2', authorization: 'Bearer secret-3', body: 'hello there', Body: 'hi' });
    expect(lines[0]).not.toMatch(/secret-|hello there|"hi"/);
    expect(JSON.parse(lines[0]).body).toBe('[omitted]');
  });

  it('serialises errors by name, code and status, never their message', () => {
    const { logger, records, lines } = capture();
    const error = Object.assign(new Error('Invalid character in: call +447912345656 now'), { status: 412, code: 54205 });
    logger.error('x', { error });
    expect(records()[0].error).toEqual({ name: 'Error', code: 54205, status: 412 });
    expect(lines[0]).not.toContain('Invalid character');
  });

  it('adds child fields to every line', () => {
    const { logger, records } = capture();
    logger.child({ fn: 'health' }).info('x');
    expect(records()[0].fn).toBe('health');
  });

  it('survives a sink that throws and values that cannot be serialised', () => {
    const throwing = createLogger({ sink: () => { throw new Error('disk full'); } });
    expect(() => throwing.info('x')).not.toThrow();
    const { logger } = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => logger.info('x', { circular, big: BigInt(1) })).not.toThrow();
  });
});
