import type twilio from 'twilio';
import type { DenyList } from '../deny-list';
import type { GateModeStore } from '../gate-mode';
import type { Throttle } from '../throttle';
import { debuggerCountAction } from './debugger-alert-rules';
import type { DebuggerAlertPorts } from './handle-debugger-alert';

export interface DebuggerAlertPortsInput {
  client: Pick<twilio.Twilio, 'api'>;
  /** The throttle over `debuggerCountRuleSets` (counting only). */
  counter: Throttle;
  denyList: Pick<DenyList, 'add'>;
  modeStore: GateModeStore;
  /** The gate's caller ids (`GATE_CALLER_ID_POOL`): how a call placed by `voice/outbound` is told apart. */
  callerIds: readonly string[];
}

/** The ports of `handleDebuggerAlert` on Sync, the throttle engine and the Twilio REST API. */
export function createDebuggerAlertPorts(input: DebuggerAlertPortsInput): DebuggerAlertPorts {
  const callerIds = new Set(input.callerIds);
  return {
    async count(code, resource) {
      const decision = await input.counter.evaluate(debuggerCountAction(code), { identity: resource });
      const counted = decision.path === 'store' || decision.path === 'cache';
      return { counted, reached: counted && decision.allowed && decision.remaining === 0, over: !decision.allowed };
    },
    async fetchCall(accountSid, callSid) {
      try {
        const call = await input.client.api.v2010.accounts(accountSid).calls(callSid).fetch();
        return { from: call.from, to: call.to };
      } catch {
        return null;
      }
    },
    isGateCallerId: (number) => callerIds.has(number),
    async denyPrefix(prefix, ttlSeconds) {
      await input.denyList.add({ kind: 'prefix', prefix }, { ttlSeconds });
    },
    setMode: (document) => input.modeStore.write(document),
  };
}
