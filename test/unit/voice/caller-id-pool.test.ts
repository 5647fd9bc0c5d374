import { callerIdOrder } from '../../../src/core/voice';

const POOL = ['+14155550101', '+14155550102', '+14155550103'];

describe('callerIdOrder', () => {
  it('always picks the same first caller id for one destination', () => {
    expect(callerIdOrder(POOL, '+447400123456')).toEqual(callerIdOrder(POOL, '+447400123456'));
  });

  it('offers the next number of the pool as the one retry', () => {
    const [first, second] = callerIdOrder(POOL, '+447400123456');
    expect(second).toBe(POOL[(POOL.indexOf(first) + 1) % POOL.length]);
    expect(callerIdOrder(POOL, '+447400123456')).toHaveLength(2);
  });

  it('spreads destinations over the whole pool', () => {
    const firsts = new Set(Array.from({ length: 60 }, (_, i) => callerIdOrder(POOL, `+4474001234${String(i).padStart(2, '0')}`)[0]));
    expect([...firsts].sort()).toEqual(POOL);
  });

  it('has nothing to retry with in a pool of one, and nothing at all in an empty pool', () => {
    expect(callerIdOrder(['+14155550101'], '+447400123456')).toEqual(['+14155550101']);
    expect(callerIdOrder([], '+447400123456')).toEqual([]);
  });
});
