import { evaluateCors, parseAllowedOrigins } from '../../../src/core/http';

describe('parseAllowedOrigins', () => {
  it('parses a comma-separated list, normalising case and trailing slashes', () => {
    expect(parseAllowedOrigins(' https://App.example.com/ ,http://localhost:3000')).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it.each([undefined, '', '   '])('returns an empty list for %p', (value) => {
    expect(parseAllowedOrigins(value)).toEqual([]);
  });

  it.each(['*', 'app.example.com', 'https://app.example.com/path', 'javascript:alert(1)'])('refuses %p', (value) => {
    expect(() => parseAllowedOrigins(value)).toThrow(/GATE_ALLOWED_ORIGINS/);
  });
});

describe('evaluateCors', () => {
  const allowed = ['https://app.example.com'];

  it('lets requests without Origin through with no CORS headers', () => {
    expect(evaluateCors(undefined, allowed)).toEqual({ allowed: true, headers: {} });
  });

  it('echoes an allowed origin and varies on Origin', () => {
    const decision = evaluateCors('https://app.example.com', allowed);
    expect(decision.allowed).toBe(true);
    expect(decision.headers['Access-Control-Allow-Origin']).toBe('https://app.example.com');
    expect(decision.headers.Vary).toBe('Origin');
  });

  it('refuses an origin that is not listed, and a look-alike', () => {
    expect(evaluateCors('https://evil.example', allowed).allowed).toBe(false);
    expect(evaluateCors('https://app.example.com.evil.example', allowed).allowed).toBe(false);
    expect(evaluateCors('null', allowed).allowed).toBe(false);
  });

  it("always allows the deployment's own domain", () => {
    expect(evaluateCors('https://gate-1234-dev.twil.io', [], 'gate-1234-dev.twil.io').allowed).toBe(true);
  });
});
