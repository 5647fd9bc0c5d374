import { loadPolicy } from '../../../src/core/policy';
import { sharePeeks, type PeekResult, type Throttle } from '../../../src/core/throttle';

function countingThrottle() {
  const peeks: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const throttle: Throttle = {
    ruleSets: loadPolicy('{}').ruleSets,
    storeShards: 32,
    evaluate: async () => {
      throw new Error('not under test');
    },
    tally: async () => ({ ok: false, reason: 'store_error' }),
    peek: async (ruleName, subject): Promise<PeekResult> => {
      peeks.push(`${ruleName}:${subject.number ?? ''}`);
      await gate;
      return { ok: true, events: [peeks.length] };
    },
  };
  return { throttle, peeks, release };
}

describe('sharePeeks', () => {
  it('reads a log once for concurrent and later peeks of the same rule and subject', async () => {
    const { throttle, peeks, release } = countingThrottle();
    const shared = sharePeeks(throttle);
    const subject = { number: '+447400123456', country: 'GB' };
    const first = shared.peek('verify-conversion-prefix', subject);
    const second = shared.peek('verify-conversion-prefix', { ...subject });
    release();
    expect(await first).toEqual(await second);
    await shared.peek('verify-conversion-prefix', subject);
    expect(peeks).toEqual(['verify-conversion-prefix:+447400123456']);
  });

  it('reads each rule and each subject apart, and passes evaluate and tally through', async () => {
    const { throttle, peeks, release } = countingThrottle();
    release();
    const shared = sharePeeks(throttle);
    await shared.peek('verify-conversion-prefix', { number: '+447400123456' });
    await shared.peek('verify-conversion-number', { number: '+447400123456' });
    await shared.peek('verify-conversion-prefix', { number: '+447400999999' });
    expect(peeks).toHaveLength(3);
    expect(shared.ruleSets).toBe(throttle.ruleSets);
    expect(shared.storeShards).toBe(32);
    expect(await shared.tally('verify-start-country', { country: 'GB' })).toEqual({ ok: false, reason: 'store_error' });
    await expect(shared.evaluate('verify-start', {})).rejects.toThrow('not under test');
  });

  it('keeps a memory per view: another request reads afresh', async () => {
    const { throttle, peeks, release } = countingThrottle();
    release();
    await sharePeeks(throttle).peek('verify-conversion-prefix', { number: '+447400123456' });
    await sharePeeks(throttle).peek('verify-conversion-prefix', { number: '+447400123456' });
    expect(peeks).toHaveLength(2);
  });
});
