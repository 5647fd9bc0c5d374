import { mintIdentityToken } from '../../../src/core/identity';
import { handler } from '../../../src/functions/verify/start';
import { handler as checkHandler } from '../../../src/functions/verify/check';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';

const harness = useFunctionHarness();
const SECRET = 'identity-secret-0123456789abcdef0123';
const ENV = { GATE_IDENTITY_SECRET: SECRET };
/** Numbers in distinct 8-digit ranges and 6-digit prefixes, so only the per-identity limit can bind. */
const numberAt = (i: number) => `+4474${String(10 + i).padStart(2, '0')}123456`;

/** One deployment's context (the harness draws a fresh hash secret per context, i.e. fresh throttle keys). */
function deployment(env: Record<string, string> = ENV) {
  const context = harness.context(env);
  return (params: Record<string, unknown>) => invokeFunction(handler, context, params);
}

describe('verify/start with signed identities (GATE_IDENTITY_SECRET)', () => {
  it("refuses a start without a valid token when the policy requires one, and sends with the user's token", async () => {
    setPolicy({ identity: { 'verify/start': 'required' } });
    const start = deployment();
    const missing = await start({ to: numberAt(0) });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toMatchObject({ error: { code: 'ERR_GATE_IDENTITY_REQUIRED' } });
    expect((await start({ to: numberAt(0), identity: 'user-42' })).statusCode).toBe(403);
    const token = mintIdentityToken(SECRET, 'user-42', Date.now() + 3_600_000);
    expect((await start({ to: numberAt(0), identity: token })).statusCode).toBe(200);
  });

  it('answers ERR_GATE_CONFIG when the policy requires an identity and no secret is set', async () => {
    setPolicy({ identity: { 'verify/start': 'required' } });
    expect((await deployment({})({ to: numberAt(0) })).body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
  });

  it('counts every request without a valid token as one anonymous identity, so rotating made-up ids gains nothing', async () => {
    setPolicy({});
    const start = deployment();
    // verify-start-identity admits 5 per 10 minutes: the sixth made-up id is the same anonymous identity.
    for (let i = 0; i < 5; i += 1) expect((await start({ to: numberAt(i), identity: `made-up-${i}` })).statusCode).toBe(200);
    const sixth = await start({ to: numberAt(5), identity: 'made-up-5' });
    expect(sixth.statusCode).toBe(429);
    // A signed user still has a budget of their own.
    expect((await start({ to: numberAt(6), identity: mintIdentityToken(SECRET, 'user-7', Date.now() + 60_000) })).statusCode).toBe(200);
  });
});

describe('verify/check with signed identities (GATE_IDENTITY_SECRET)', () => {
  const check = (env: Record<string, string> = ENV) => {
    const context = harness.context(env);
    return (params: Record<string, unknown>) => invokeFunction(checkHandler, context, params);
  };

  it('refuses a check without a valid token when the policy requires one, before any code reaches Verify', async () => {
    setPolicy({ identity: { 'verify/check': 'required' } });
    const checkCode = check();
    const refused = await checkCode({ to: numberAt(0), code: '123456', identity: 'user-42' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'ERR_GATE_IDENTITY_REQUIRED' } });
    const checksAtVerify = async () => (await harness.control.requestLog()).byRoute['POST /verify/v2/Services/:svc/VerificationCheck'] ?? 0;
    expect(await checksAtVerify()).toBe(0);
    const token = mintIdentityToken(SECRET, 'user-42', Date.now() + 3_600_000);
    // With the token the check goes through to Verify.
    expect((await checkCode({ to: numberAt(0), code: '123456', identity: token })).statusCode).not.toBe(403);
    expect(await checksAtVerify()).toBe(1);
  });

  it('answers ERR_GATE_CONFIG when the policy requires an identity on checks and no secret is set', async () => {
    setPolicy({ identity: { 'verify/check': 'required' } });
    expect((await check({})({ to: numberAt(0), code: '123456' })).body).toMatchObject({ error: { code: 'ERR_GATE_CONFIG' } });
  });

  it('counts unsigned identities on checks as one anonymous identity, so naming a user cannot spend their check budget', async () => {
    setPolicy({ throttles: { 'verify-check-identity': { action: 'verify-check', subject: 'identity', windows: [{ limit: 2, per: '10m' }] } } });
    const checkCode = check();
    const victim = mintIdentityToken(SECRET, 'victim', Date.now() + 3_600_000);
    // Two made-up ids spend the anonymous budget, not the victim's.
    for (let i = 0; i < 2; i += 1) expect((await checkCode({ to: numberAt(i), code: '000000', identity: 'victim' })).statusCode).not.toBe(429);
    expect((await checkCode({ to: numberAt(2), code: '000000', identity: 'someone-else' })).statusCode).toBe(429);
    expect((await checkCode({ to: numberAt(3), code: '000000', identity: victim })).statusCode).not.toBe(429);
  });
});
