import type twilio from 'twilio';
import { classifyTwilioError } from '../twilio';

/** The outcome of one dependency check. `problem` is a coarse, stable word, never a library message. */
export interface DependencyCheck {
  ok: boolean;
  latencyMs: number;
  problem?: 'timeout' | 'unreachable' | 'unauthorized' | 'not_found' | 'rate_limited' | 'upstream_error' | 'error';
}

export interface HealthReport {
  ok: boolean;
  checks: { twilio: DependencyCheck; sync: DependencyCheck };
}

export interface HealthCheckOptions {
  client: twilio.Twilio;
  accountSid: string | undefined;
  syncServiceSid: string;
  /** Clock for latencies. Default `Date.now`. */
  now?: () => number;
}

function describeFailure(error: unknown): NonNullable<DependencyCheck['problem']> {
  const failure = classifyTwilioError(error);
  if (failure.kind === 'transport') return failure.errno === 'ECONNABORTED' || failure.errno === 'ETIMEDOUT' ? 'timeout' : 'unreachable';
  if (failure.kind === 'api') {
    if (failure.status === 401 || failure.status === 403) return 'unauthorized';
    if (failure.status === 404) return 'not_found';
    if (failure.status === 429) return 'rate_limited';
    if (failure.status >= 500) return 'upstream_error';
  }
  return 'error';
}

async function timed(now: () => number, probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = now();
  try {
    await probe();
    return { ok: true, latencyMs: now() - started };
  } catch (error) {
    return { ok: false, latencyMs: now() - started, problem: describeFailure(error) };
  }
}

/**
 * Checks, concurrently, that the Twilio REST API accepts the deployment's credentials (fetch of
 * its own account) and that its Sync service is reachable (fetch of the service). Read-only, no
 * cost, and no secret or identifier in the result.
 *
 * @example
 * const report = await checkHealth({ client, accountSid: config.accountSid, syncServiceSid: 'default' });
 */
export async function checkHealth(options: HealthCheckOptions): Promise<HealthReport> {
  const now = options.now ?? Date.now;
  const { client, accountSid, syncServiceSid } = options;
  const [twilioCheck, syncCheck] = await Promise.all([
    accountSid
      ? timed(now, () => client.api.v2010.accounts(accountSid).fetch())
      : Promise.resolve<DependencyCheck>({ ok: false, latencyMs: 0, problem: 'unauthorized' }),
    timed(now, () => client.sync.v1.services(syncServiceSid).fetch()),
  ]);
  return { ok: twilioCheck.ok && syncCheck.ok, checks: { twilio: twilioCheck, sync: syncCheck } };
}
