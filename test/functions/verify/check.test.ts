import { handler as startHandler } from '../../../src/functions/verify/start';
import { handler } from '../../../src/functions/verify/check';
import { useFunctionHarness, type FunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';

const harness = useFunctionHarness();

const GB_MOBILE = '+447400123456';
const CHECK_ROUTE = 'POST /verify/v2/Services/:svc/VerificationCheck';

async function startAndGetCode(context: ReturnType<FunctionHarness['context']>, to = GB_MOBILE): Promise<string> {
  expect((await invokeFunction(startHandler, context, { to })).statusCode).toBe(200);
  const code = await harness.control.verificationCode(to);
  if (!code) throw new Error('no code');
  return code;
}

function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

describe('verify/check', () => {
  describe("Verify's lock after 5 wrong codes (60202)", () => {
    // The gate's own check throttle (5 per 10 minutes) would answer the sixth check itself; it is
    // loosened here so the sixth reaches Verify, as it would after the gate's state was lost.
    beforeEach(() => setPolicy({ throttles: { 'verify-check': { windows: [{ limit: 50, per: '10m' }] } }, adaptive: { backoff: false } }));

    it('answers the sixth check 429 with the real wait, and refuses the following start instead of sending a fresh code', async () => {
      const context = harness.context();
      const code = await startAndGetCode(context);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expect((await invokeFunction(handler, context, { to: GB_MOBILE, code: wrongCode(code) })).body).toEqual({ success: true, valid: false });
      }
      const sixth = await invokeFunction(handler, context, { to: GB_MOBILE, code });
      expect(sixth.statusCode).toBe(429);
      expect(sixth.headers['Retry-After']).toBe('600');
      expect(sixth.body).toEqual({ success: false, error: { code: 'ERR_GATE_THROTTLED', message: 'Too many wrong codes for this number. Wait 10 minutes, then request a new code.' } });

      await harness.control.resetLog();
      const start = await invokeFunction(startHandler, context, { to: GB_MOBILE });
      expect(start.statusCode).toBe(429);
      expect(start.headers['Retry-After']).toBe('600');
      expect(start.body).toMatchObject({ error: { code: 'ERR_GATE_THROTTLED', message: expect.stringMatching(/Wait 10 minutes/) } });
      // No code was sent: Verify saw no new Verification (throttle writes elsewhere may answer 201).
      expect((await harness.control.requestLog()).byRoute['POST /verify/v2/Services/:svc/Verifications']).toBeUndefined();
      const { verifications } = await harness.control.verificationCodes(GB_MOBILE);
      expect(verifications.map((verification) => verification.status)).toEqual(['max_attempts_reached']);
    });
  });

  it('approves the right code, answers valid true and remembers the number as verified', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    await harness.control.resetLog();
    const response = await invokeFunction(handler, context, { to: GB_MOBILE, code });
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ success: true, valid: true });
    const entries = (await harness.control.requestLog()).entries;
    const verifiedWrites = entries.filter((entry) => entry.method === 'POST' && entry.path.includes('/Maps/gate-verified-'));
    expect(verifiedWrites.length).toBeGreaterThan(0);
    // Four new throttle items: the check's own (verify-check) and the conversion records for the
    // number, its range and its country (verify-conversion-number, -prefix, -country).
    const throttleCreates = entries.filter((entry) => entry.method === 'POST' && /\/Maps\/gate-throttle-\d+\/Items$/.test(entry.path));
    expect(throttleCreates).toHaveLength(4);
    expect(entries.map((entry) => entry.path).join(' ')).not.toContain('7400123456');
  });

  it('answers valid false for a wrong code and does not remember the number', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    await harness.control.resetLog();
    const response = await invokeFunction(handler, context, { to: GB_MOBILE, code: wrongCode(code) });
    expect(response.body).toEqual({ success: true, valid: false });
    const entries = (await harness.control.requestLog()).entries;
    expect(entries.some((entry) => entry.path.includes('gate-verified'))).toBe(false);
  });

  it('accepts the code as a JSON number', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    expect((await invokeFunction(handler, context, { to: GB_MOBILE, code: Number(code) })).body).toMatchObject({ valid: Number(code).toString() === code });
  });

  it('answers 404 when no verification is pending', async () => {
    const response = await invokeFunction(handler, harness.context(), { to: GB_MOBILE, code: '123456' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_VERIFICATION_NOT_FOUND' } });
  });

  it.each([
    [{ to: GB_MOBILE }, 'ERR_GATE_INVALID_PARAMETER', /'code' is required/],
    [{ to: GB_MOBILE, code: '12' }, 'ERR_GATE_INVALID_PARAMETER', /4 to 10 digits/],
    [{ to: GB_MOBILE, code: '12345678901' }, 'ERR_GATE_INVALID_PARAMETER', /at most 10/],
    [{ to: GB_MOBILE, code: '12ab56' }, 'ERR_GATE_INVALID_PARAMETER', /4 to 10 digits/],
    [{ code: '123456' }, 'ERR_GATE_INVALID_PARAMETER', /'to' is required/],
    [{ to: 'junk', code: '123456' }, 'ERR_GATE_INVALID_PHONE_NUMBER', /valid phone number/],
  ])('answers %j with 400 %s before calling Verify', async (params, code, message) => {
    const response = await invokeFunction(handler, harness.context(), params);
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ success: false, error: { code, message: expect.stringMatching(message) } });
    expect((await harness.control.requestLog()).byRoute[CHECK_ROUTE] ?? 0).toBe(0);
  });

  it('bounds code guessing: at most 5 attempts per number reach Verify in 10 minutes', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await invokeFunction(handler, context, { to: GB_MOBILE, code: wrongCode(code) })).statusCode);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    expect((await harness.control.requestLog()).byRoute[CHECK_ROUTE]).toBe(5);
    const throttled = await invokeFunction(handler, context, { to: GB_MOBILE, code });
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('fails closed with 503 when Sync is down', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: 'reset', count: 50 });
    const response = await invokeFunction(handler, context, { to: GB_MOBILE, code });
    expect(response.statusCode).toBe(503);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_UNAVAILABLE' } });
  });

  it('still answers valid true when remembering the number fails', async () => {
    const context = harness.context();
    const code = await startAndGetCode(context);
    await harness.control.injectFault({ route: 'POST /sync/v1/Services/:svc/Maps/:map/Items', kind: '500-html', count: 50 });
    await harness.control.injectFault({ route: 'POST /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: 50 });
    await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: 50 });
    // The throttle itself fails closed with these faults, so give the check its own open rule.
    setPolicy({ throttles: { 'verify-check': { onStoreError: 'open' } } });
    const response = await invokeFunction(handler, harness.context({ GATE_HASH_SECRET: (context.GATE_HASH_SECRET as string) }), { to: GB_MOBILE, code });
    expect(response.body).toEqual({ success: true, valid: true });
  });

  it.each([
    ['500-html', 502, 'ERR_GATE_UPSTREAM'],
    ['hang', 503, 'ERR_GATE_UNAVAILABLE'],
  ] as const)('maps a Verify %s to %i', async (kind, status, code) => {
    const context = harness.context({ GATE_TWILIO_TIMEOUT_MS: '300' });
    const verificationCode = await startAndGetCode(context);
    await harness.control.injectFault({ route: CHECK_ROUTE, kind, count: 1 });
    const response = await invokeFunction(handler, context, { to: GB_MOBILE, code: verificationCode });
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatchObject({ error: { code } });
  });
});
