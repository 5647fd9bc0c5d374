import { isLoopbackUrl } from '../core/callbacks';
import { ControlError, onlyKeys, validated, type ControlHandler } from './control-kit';
import { parseDebuggerEvent, type DebuggerEventInput } from '../monitor/debugger-events';
import { isSid } from '../core/ids';
import type { EmulatorState } from '../core/state';

/**
 * Control routes for Monitor: set an account's Debugger webhook (console-only on real Twilio),
 * and raise a debugger event, which records an Alert and calls the webhook; the answer waits for
 * the webhook's reply so a test can assert on both at once.
 */
export function monitorControlRoutes(state: EmulatorState): Record<string, ControlHandler> {
  return {
    'GET /debugger/webhook': () => ({ body: { webhooks: state.debuggerEvents.listWebhooks() } }),
    'POST /debugger/webhook': ({ body }) => {
      const endpoint = 'POST /__emulator/debugger/webhook';
      onlyKeys(endpoint, body, ['accountSid', 'url', 'method']);
      const { accountSid, url } = body;
      const method = body.method ?? 'POST';
      if (typeof accountSid !== 'string' || !isSid(accountSid, 'AC')) throw new ControlError(400, `${endpoint}: accountSid must be "AC" + 32 hex digits`);
      if (url !== null && (typeof url !== 'string' || !isLoopbackUrl(url))) {
        throw new ControlError(400, `${endpoint}: url must be an http(s) URL on this machine (127.0.0.1, localhost, ::1), or null to remove it`);
      }
      if (method !== 'POST' && method !== 'GET') throw new ControlError(400, `${endpoint}: method must be "POST" or "GET"`);
      state.debuggerEvents.setWebhook(accountSid, url, method);
      return { body: { webhooks: state.debuggerEvents.listWebhooks() } };
    },
    'POST /debugger/events': async ({ body }) => {
      const endpoint = 'POST /__emulator/debugger/events';
      onlyKeys(endpoint, body, ['accountSid', 'errorCode', 'resourceSid', 'serviceSid', 'level', 'moreInfo']);
      const event = validated(endpoint, () => parseDebuggerEvent(body as unknown as DebuggerEventInput));
      const raised = await state.debuggerEvents.raise(event, state.clock.now());
      return { status: 201, body: { alertSid: raised.alert.sid, delivery: raised.delivery } };
    },
  };
}
