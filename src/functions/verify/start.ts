/**
 * POST /verify/start — send a verification code, if the destination and the throttles allow it.
 *
 * Trigger: HTTP from your app or the browser (public: CORS allowlist, destination policy and
 * throttles protect it; no token, because a browser cannot keep one secret).
 * Parameters (form or JSON): `to` (E.164, or national format with GATE_DEFAULT_COUNTRY),
 * `channel` = sms | call | whatsapp (default sms), optional `locale`, optional `identity`
 * (your user or session id: adds the per-identity throttle).
 * Response: 200 `{ success: true, status: "pending", channel }`; 400 bad input; 405 a GET (no body); 403 refused
 * destination; 429 throttled (Retry-After, RateLimit headers); 502/503 upstream trouble.
 */
import { getGateRuntime } from '../../compose';
import { enterJsonGate, gateModeLogFields } from '../../core/gate';
import { jsonEndpoint } from '../../core/http';
import { readPolicyAsset } from '../../core/policy';
import { readVerifyStartRequest, renderVerifyStart, startVerification, verifyStartLogFields } from '../../core/verify';

export const handler = jsonEndpoint({
  name: 'verify/start',
  access: 'public',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, config, logger, twilioClient }) => {
    const request = readVerifyStartRequest(params);
    const gate = await enterJsonGate(getGateRuntime({ config, policyText: readPolicyAsset(Runtime), createClient: twilioClient }), 'verify/start');
    const outcome = await startVerification(gate.runtime, config, request);
    logger.info('verify.start', { ...verifyStartLogFields(outcome, request.channel), ...gateModeLogFields(gate.mode) });
    return renderVerifyStart(outcome);
  },
});
