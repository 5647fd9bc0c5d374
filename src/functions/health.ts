/**
 * GET /health — is the gatekeeper deployed, and (with the app token) can it reach Twilio and Sync?
 *
 * Trigger: HTTP, public for the liveness answer: it reveals no secret and spends nothing.
 * Parameters: `checks` = `none` (default) or `all`: also check the Twilio API and Sync. `all`
 * requires `Authorization: Bearer <GATE_API_TOKEN>`, because each check spends two API requests
 * of the account's budget; its result is reused per instance for 10 s.
 * Response: 200 `{ success: true, status: "ok", version, mode }` (plus `gateMode`, `checks` and `cached` with
 * `checks=all`), or 503 with `success: false, status: "degraded"` when a dependency check fails;
 * 400 for an unknown `checks` value; 401 for `checks=all` without the token.
 */
import { version } from '../../package.json';
import { checkHealth, GateModeReports, HealthCache } from '../core/health';
import { jsonEndpoint, jsonReply, jsonSuccess, optionalOneOf, requireAppToken } from '../core/http';

const healthCache = new HealthCache();
const gateModes = new GateModeReports();

export const handler = jsonEndpoint({
  name: 'health',
  access: 'public',
  methods: 'get-or-post',
  newResponse: () => new Twilio.Response(),
  run: async ({ params, headers, config, twilioClient }) => {
    const checks = optionalOneOf(params, 'checks', ['all', 'none'] as const) ?? 'none';
    const mode = config.apiBaseUrl ? 'local' : 'live';
    if (checks === 'none') return jsonSuccess({ status: 'ok', version, mode });
    requireAppToken(headers.authorization, config.apiToken);
    const key = JSON.stringify([config.accountSid, config.apiBaseUrl, config.syncServiceSid]);
    const gateMode = await gateModes.report(key, twilioClient, config.syncServiceSid);
    const { report, cached } = await healthCache.get(key, () =>
      checkHealth({ client: twilioClient(), accountSid: config.accountSid, syncServiceSid: config.syncServiceSid }),
    );
    return jsonReply(report.ok ? 200 : 503, {
      success: report.ok,
      status: report.ok ? 'ok' : 'degraded',
      version,
      mode,
      gateMode,
      checks: report.checks,
      cached,
    });
  },
});
