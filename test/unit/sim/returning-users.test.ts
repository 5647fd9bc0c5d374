import { createRandom } from '../../../src/sim/random';
import { withReturningUsers } from '../../../src/sim/returning-users';

function freshNumbers() {
  let count = 0;
  return () => `+4477009${String((count += 1)).padStart(5, '0')}`;
}

describe('withReturningUsers', () => {
  it('draws about the share of arrivals from earlier numbers, and the rest fresh', () => {
    const draw = withReturningUsers(freshNumbers(), 0.3, createRandom(11));
    const seen = new Set<string>();
    let returning = 0;
    for (let i = 0; i < 10_000; i++) {
      const number = draw();
      if (seen.has(number)) returning += 1;
      seen.add(number);
    }
    expect(returning / 10_000).toBeGreaterThan(0.27);
    expect(returning / 10_000).toBeLessThan(0.33);
  });

  it('is the fresh drawer itself at a share of 0, drawing nothing from the random stream', () => {
    const fresh = freshNumbers();
    const random = createRandom(11);
    const next = jest.spyOn(random, 'next');
    expect(withReturningUsers(fresh, 0, random)).toBe(fresh);
    expect(next).not.toHaveBeenCalled();
  });
});
