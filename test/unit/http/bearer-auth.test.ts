import { verifyBearerToken } from '../../../src/core/http';

describe('verifyBearerToken', () => {
  const token = 'x'.repeat(40);

  it('accepts the exact token', () => {
    expect(verifyBearerToken(`Bearer ${token}`, token)).toBe(true);
    expect(verifyBearerToken(`bearer ${token}`, token)).toBe(true);
  });

  it.each([
    [undefined],
    [''],
    [token],
    [`Basic ${token}`],
    [`Bearer ${token}x`],
    [`Bearer ${token.slice(1)}`],
    ['Bearer '],
    [`Bearer ${token} extra`],
  ])('refuses %p', (header) => {
    expect(verifyBearerToken(header, token)).toBe(false);
  });

  it('refuses everything when no token is configured', () => {
    expect(verifyBearerToken('Bearer ', '')).toBe(false);
    expect(verifyBearerToken('Bearer x', '')).toBe(false);
  });
});
