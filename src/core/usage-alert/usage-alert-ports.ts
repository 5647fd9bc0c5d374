import type twilio from 'twilio';
import type { GateModeStore } from '../gate-mode';
import { createNumberListStore } from '../number-list';
import { hashSubject } from '../throttle/subject-key';
import { classifyTwilioError } from '../twilio';
import type { UsageAlertPorts } from './handle-usage-alert';

/** Sync Maps holding delivered alerts (`gate-alerts-0..15`): one item per delivery, kept a week. */
export const ALERT_MAP_PREFIX = 'gate-alerts';
/** How long a delivery is remembered: longer than any redelivery, shorter than a weekly period. */
export const ALERT_DEDUPE_TTL_SECONDS = 7 * 86_400;

/** Answers that mean "this account or trigger is not one the gate's credentials may see". */
const NOT_READABLE_STATUS = new Set([401, 403, 404]);

export interface UsageAlertPortsInput {
  client: Pick<twilio.Twilio, 'sync' | 'api'>;
  serviceSid?: string;
  /** HMAC secret delivery ids are hashed with (`GATE_HASH_SECRET`): no token or SID becomes a Sync key. */
  secret: string;
  modeStore: GateModeStore;
  now: () => number;
}

/** The ports of `handleUsageAlert` on Sync and the Twilio REST API, with the gate's own credentials. */
export function createUsageAlertPorts(input: UsageAlertPortsInput): UsageAlertPorts {
  const store = createNumberListStore({ client: input.client, serviceSid: input.serviceSid, mapPrefix: ALERT_MAP_PREFIX });
  const keyOf = (dedupeId: string) => `usage-alert:${hashSubject(input.secret, dedupeId)}`;
  const accounts = input.client.api.v2010.accounts;
  return {
    async claim(dedupeId) {
      const written = await store.create(keyOf(dedupeId), { t: input.now() }, ALERT_DEDUPE_TTL_SECONDS);
      return written.ok ? 'new' : 'duplicate';
    },
    async release(dedupeId) {
      await store.remove(keyOf(dedupeId));
    },
    async triggerName(accountSid, triggerSid) {
      try {
        const trigger = await accounts(accountSid).usage.triggers(triggerSid).fetch();
        return { readable: true, name: trigger.friendlyName ?? null };
      } catch (error) {
        const failure = classifyTwilioError(error);
        if (failure.kind === 'api' && NOT_READABLE_STATUS.has(failure.status)) return { readable: false };
        throw error;
      }
    },
    async accountOwner(accountSid) {
      return (await accounts(accountSid).fetch()).ownerAccountSid;
    },
    setMode: (document) => input.modeStore.write(document),
    async suspendAccount(accountSid) {
      await accounts(accountSid).update({ status: 'suspended' });
    },
  };
}
