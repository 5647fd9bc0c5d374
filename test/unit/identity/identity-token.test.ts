import { ANONYMOUS_IDENTITY, mintIdentityToken, resolveRequestIdentity, verifyIdentityToken } from '../../../src/core/identity';

const SECRET = 'identity-secret-0123456789abcdef0123';
const NOW = 1_767_225_600_000;

describe('identity tokens', () => {
  it('verifies a token it minted until it expires, and gives back the user id', () => {
    const token = mintIdentityToken(SECRET, 'user-42', NOW + 60_000);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).toBeLessThanOrEqual(128);
    expect(verifyIdentityToken(SECRET, token, NOW)).toEqual({ ok: true, userId: 'user-42', expiresAtMs: NOW + 60_000 });
    expect(verifyIdentityToken(SECRET, token, NOW + 60_000)).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a token signed with another secret, a user id swapped in, or a later expiry written in', () => {
    const token = mintIdentityToken(SECRET, 'user-42', NOW + 60_000);
    expect(verifyIdentityToken('another-secret-0123456789abcdef0123', token, NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    const [version, , expiry, mac] = token.split('.');
    expect(verifyIdentityToken(SECRET, [version, Buffer.from('user-43').toString('base64url'), expiry, mac].join('.'), NOW)).toEqual({ ok: false, problem: 'bad_signature' });
    expect(verifyIdentityToken(SECRET, [version, token.split('.')[1], String(Number(expiry) + 3600), mac].join('.'), NOW)).toEqual({ ok: false, problem: 'bad_signature' });
  });

  it('calls anything else malformed, never throwing', () => {
    for (const text of ['', 'user-42', 'v2.dXNlcg.1.aaaa', 'v1..1.x', `v1.dXNlcg.1.${'a'.repeat(44)}`]) expect(verifyIdentityToken(SECRET, text, NOW)).toEqual({ ok: false, problem: 'malformed' });
  });

  it('mints the documented test vector (the Python snippet in docs/configuration.md gives the same token)', () => {
    expect(mintIdentityToken(SECRET, 'user-42', 1_767_225_660_000)).toBe('v1.dXNlci00Mg.1767225660.YiyAtZywxDS006slFlmSm_42IkqSFLwZiw5gjgOgpTM');
  });

  it('refuses to mint for an empty or too long user id', () => {
    expect(() => mintIdentityToken(SECRET, '', NOW)).toThrow(/1 to 48 bytes/);
    expect(() => mintIdentityToken(SECRET, 'x'.repeat(49), NOW)).toThrow(/1 to 48 bytes, not 49/);
  });
});

describe('resolveRequestIdentity', () => {
  it('uses the identity as given without a secret', () => {
    expect(resolveRequestIdentity(undefined, 'user-42', NOW)).toEqual({ kind: 'unsigned', subject: 'user-42' });
    expect(resolveRequestIdentity(undefined, undefined, NOW)).toEqual({ kind: 'unsigned', subject: undefined });
  });

  it('counts a signed user as user:<id> and everyone else as the one anonymous identity', () => {
    expect(resolveRequestIdentity(SECRET, mintIdentityToken(SECRET, 'anonymous', NOW + 1000), NOW)).toEqual({ kind: 'verified', subject: 'user:anonymous' });
    expect(resolveRequestIdentity(SECRET, undefined, NOW)).toEqual({ kind: 'anonymous', subject: ANONYMOUS_IDENTITY, problem: 'missing' });
    expect(resolveRequestIdentity(SECRET, 'user-42', NOW)).toEqual({ kind: 'anonymous', subject: ANONYMOUS_IDENTITY, problem: 'malformed' });
  });
});
