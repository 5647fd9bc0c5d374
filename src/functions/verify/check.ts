/**
 * POST /verify/check — check a verification code.
 *
 * Trigger: HTTP from your app or the browser (public: CORS allowlist and a per-number throttle
 * against guessing).
 * Parameters (form or JSON): `to` (the number the code was sent to), `code` (4 to 10 digits),
 * optional `identity`.
 * Response: 200 `{ success: true, valid }` (an approved check also remembers the number as
 * verified for GATE_VERIFIED_TTL); 400 bad input; 405 a GET (no body); 404 no pending verification; 429 too many
 * attempts (Retry-After); 502/503 upstream trouble.
 */
import { getGateRuntime } from '../../compose';
import { jsonEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { checkVerification, readVerifyCheckRequest, renderVerifyCheck, verifyCheckLogFields } from '../../core/verify';

export const handler = jsonEndpoint({
  name: 'verify/check',
  access: 'public',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, config, logger, twilioClient }) => {
    const request = readVerifyCheckRequest(params);
    const runtime = getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient });
    const outcome = await checkVerification(runtime, config, request, (error) => logger.warn('verify.remember_failed', { error }));
    logger.info('verify.check', verifyCheckLogFields(outcome));
    return renderVerifyCheck(outcome);
  },
});
