import { createSerialQueue } from '../../../src/core/inbound';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createSerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const queue = createSerialQueue({ maxWaitMs: 1000 });
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      running += 1;
      most = Math.max(most, running);
      events.push(`start ${name}`);
      await sleep(10);
      events.push(`end ${name}`);
      running -= 1;
      return name;
    };
    expect(await Promise.all([queue.run(task('a')), queue.run(task('b')), queue.run(task('c'))])).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs a task anyway once it has waited maxWaitMs', async () => {
    const queue = createSerialQueue({ maxWaitMs: 20 });
    let releaseSlow: () => void = () => undefined;
    const slow = queue.run(() => new Promise<string>((resolve) => (releaseSlow = () => resolve('slow'))));
    const started = Date.now();
    expect(await queue.run(async () => 'fast')).toBe('fast');
    expect(Date.now() - started).toBeLessThan(500);
    releaseSlow();
    expect(await slow).toBe('slow');
  });

  it('goes on after a task fails, and passes the failure to its caller', async () => {
    const queue = createSerialQueue();
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await queue.run(async () => 'next')).toBe('next');
  });

  it('refuses a negative wait', () => {
    expect(() => createSerialQueue({ maxWaitMs: -1 })).toThrow(/maxWaitMs/);
  });
});
