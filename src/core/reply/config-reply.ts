import { GateError } from '../http/gate-error';

const CONFIG_MESSAGE = 'The gatekeeper is not configured correctly. The operator can find details in the logs.';

/**
 * A 500 `ERR_GATE_CONFIG` carrying the setting and problem for the log: the client only learns
 * that the deployment is misconfigured, the operator which setting to fix.
 *
 * @example
 * throw misconfigured('GATE_CALLER_ID_POOL', 'not set: voice/outbound refuses every call until it lists your caller ids');
 */
export function misconfigured(setting: string, problem: string): GateError {
  return new GateError('ERR_GATE_CONFIG', CONFIG_MESSAGE, { logDetail: { event: 'config.invalid', setting, problem } });
}
