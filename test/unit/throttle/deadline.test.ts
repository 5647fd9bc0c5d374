import { createDeadline, StoreError } from '../../../src/core/throttle';

describe('createDeadline', () => {
  it('passes through an operation that settles in time', async () => {
    await expect(createDeadline(1000).guard(async () => 'ok', 500)).resolves.toBe('ok');
  });

  it('passes through an operation’s own failure', async () => {
    await expect(createDeadline(1000).guard(() => Promise.reject(new Error('boom')), 500)).rejects.toThrow('boom');
  });

  it('rejects with a timeout when the operation takes longer than its timeout', async () => {
    const started = Date.now();
    const result = createDeadline(1000).guard(() => new Promise(() => undefined), 30);
    await expect(result).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('cuts an operation off at the deadline when that comes first', async () => {
    const started = Date.now();
    await expect(createDeadline(30).guard(() => new Promise(() => undefined), 5000)).rejects.toBeInstanceOf(StoreError);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('does not start an operation once the deadline has passed', async () => {
    let clock = 0;
    const deadline = createDeadline(100, () => clock);
    clock = 100;
    const operation = jest.fn(async () => 'started');
    await expect(deadline.guard(operation, 1000)).rejects.toMatchObject({ reason: 'timeout' });
    expect(operation).not.toHaveBeenCalled();
    expect(deadline.remainingMs()).toBe(0);
  });

  it('turns a synchronous throw into a rejection', async () => {
    await expect(
      createDeadline(1000).guard(() => {
        throw new Error('sync');
      }, 100),
    ).rejects.toThrow('sync');
  });

  // Jest 30 fails the running test on an unhandled rejection, so this test fails if the late
  // rejection of the abandoned operation is not handled.
  it('swallows the late failure of an abandoned operation', async () => {
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 40));
    await expect(createDeadline(1000).guard(() => late, 10)).rejects.toMatchObject({ reason: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 80));
  });
});
