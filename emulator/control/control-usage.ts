import { ControlError, onlyKeys, validated, type ControlHandler, type Json } from './control-kit';
import { isSid } from '../core/ids';
import { type UsageTotals } from '../api/usage-ledger';
import { resolveFiringConfig } from '../api/usage-meter';
import type { EmulatorState } from '../core/state';

/** The largest amount one control request may add to a usage field. */
const MAX_USAGE_AMOUNT = 1e9;

function accountSidOf(endpoint: string, value: unknown): string {
  if (typeof value !== 'string' || !isSid(value, 'AC')) throw new ControlError(400, `${endpoint}: accountSid must be "AC" + 32 hex digits`);
  return value;
}

function amountOf(endpoint: string, body: Json, key: keyof UsageTotals): number {
  const value = body[key] ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_USAGE_AMOUNT) {
    throw new ControlError(400, `${endpoint}: ${key} must be a number from 0 to ${MAX_USAGE_AMOUNT}`);
  }
  return value;
}

/**
 * Control routes for usage: add usage to an account's category (firing any trigger it makes
 * cross), read an account's all-time usage, configure firing (delay, signing account, subaccount
 * scope), re-deliver a trigger's last firing, and list every callback the emulator made.
 */
export function usageControlRoutes(state: EmulatorState): Record<string, ControlHandler> {
  return {
    'GET /usage': ({ query }) => {
      const accountSid = accountSidOf('GET /__emulator/usage', query.get('accountSid'));
      const scope = [accountSid];
      const usage = Object.fromEntries(state.usageLedger.categories(scope).map((category) => [category, state.usageLedger.total(scope, category, { from: null, to: null })]));
      return { body: { accountSid, usage } };
    },
    'POST /usage': ({ body }) => {
      const endpoint = 'POST /__emulator/usage';
      onlyKeys(endpoint, body, ['accountSid', 'category', 'count', 'usage', 'price']);
      const accountSid = accountSidOf(endpoint, body.accountSid);
      const category = body.category;
      if (typeof category !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(category)) throw new ControlError(400, `${endpoint}: category must be a usage category such as sms-outbound or totalprice`);
      const amount = { count: amountOf(endpoint, body, 'count'), usage: amountOf(endpoint, body, 'usage'), price: amountOf(endpoint, body, 'price') };
      validated(endpoint, () => state.usage.add(accountSid, category, amount, state.clock.now()));
      return { body: { accountSid, category, total: state.usageLedger.total([accountSid], category, { from: null, to: null }) } };
    },
    'GET /usage/config': () => ({ body: state.usage.config }),
    'POST /usage/config': ({ body }) => {
      const endpoint = 'POST /__emulator/usage/config';
      onlyKeys(endpoint, body, ['firingDelayMs', 'signWith', 'includeSubaccounts']);
      const config = validated(endpoint, () => resolveFiringConfig(body, state.usage.config));
      state.usage.configure(config);
      return { body: config };
    },
    'POST /usage/redeliver': async ({ body }) => {
      const endpoint = 'POST /__emulator/usage/redeliver';
      onlyKeys(endpoint, body, ['triggerSid']);
      if (typeof body.triggerSid !== 'string' || !isSid(body.triggerSid, 'UT')) throw new ControlError(400, `${endpoint}: triggerSid must be "UT" + 32 hex digits`);
      const delivery = state.usage.redeliver(body.triggerSid);
      if (delivery === null) throw new ControlError(404, `${endpoint}: trigger ${body.triggerSid} does not exist or never fired`);
      return { body: { delivery: await delivery } };
    },
    'GET /callbacks': () => ({ body: { callbacks: state.callbacks.deliveries() } }),
  };
}
