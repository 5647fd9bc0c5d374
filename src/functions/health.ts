/**
 * GET /health — is the gatekeeper deployed, and can it reach Twilio and Sync?
 *
 * Trigger: HTTP, public (no token: it reveals no secret and spends nothing).
 * Parameters: `checks` = `all` (default: also checks the Twilio API and Sync) or `none`.
 * Response: 200 `{ success: true, status: "ok", version, mode, checks }`, or 503 with
 * `success: false, status: "degraded"` when a dependency check fails; 400 for an unknown `checks` value.
 */
import { version } from '../../package.json';
import { checkHealth } from '../core/health';
import { jsonEndpoint, jsonReply, jsonSuccess, optionalOneOf } from '../core/http';

export const handler = jsonEndpoint({
  name: 'health',
  access: 'public',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, config, twilioClient }) => {
    const checks = optionalOneOf(params, 'checks', ['all', 'none'] as const) ?? 'all';
    const mode = config.apiBaseUrl ? 'local' : 'live';
    if (checks === 'none') return jsonSuccess({ status: 'ok', version, mode });
    const report = await checkHealth({ client: twilioClient(), accountSid: config.accountSid, syncServiceSid: config.syncServiceSid });
    return jsonReply(report.ok ? 200 : 503, {
      success: report.ok,
      status: report.ok ? 'ok' : 'degraded',
      version,
      mode,
      checks: report.checks,
    });
  },
});
