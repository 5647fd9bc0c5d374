import { isSid } from '../core/ids';
import type { EmulatorState } from '../core/state';
import type { LogLineInput } from '../serverless/serverless-store';
import { ControlError, onlyKeys, type ControlHandler, type Json } from './control-kit';

/** Lines accepted in one feed request (the body limit bounds their size too). */
export const MAX_FED_LINES = 1_000;

function parseLine(endpoint: string, value: unknown, index: number): LogLineInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlError(400, `${endpoint}: lines[${index}] must be an object`);
  const line = value as Json;
  onlyKeys(`${endpoint} lines[${index}]`, line, ['function', 'message', 'level', 'requestSid']);
  if (typeof line.function !== 'string' || line.function === '' || line.function.length > 200) throw new ControlError(400, `${endpoint}: lines[${index}].function must be the function's path, such as "verify/start"`);
  if (typeof line.message !== 'string') throw new ControlError(400, `${endpoint}: lines[${index}].message must be a string`);
  if (line.level !== undefined && !['info', 'warn', 'error'].includes(line.level as string)) throw new ControlError(400, `${endpoint}: lines[${index}].level must be info, warn or error`);
  if (line.requestSid !== undefined && (typeof line.requestSid !== 'string' || !isSid(line.requestSid, 'RQ'))) throw new ControlError(400, `${endpoint}: lines[${index}].requestSid must be "RQ" + 32 hex digits`);
  return { function: line.function, message: line.message, level: line.level as string | undefined, requestSid: line.requestSid as string | undefined };
}

/**
 * Control routes for Serverless: feed function log lines into an Environment's logs, as Twilio
 * collects what deployed functions print (`npm start` feeds what the local functions print).
 */
export function serverlessControlRoutes(state: EmulatorState): Record<string, ControlHandler> {
  return {
    'POST /serverless/logs': ({ body }) => {
      const endpoint = 'POST /__emulator/serverless/logs';
      onlyKeys(endpoint, body, ['serviceSid', 'environmentSid', 'lines']);
      const { serviceSid, environmentSid, lines } = body;
      if (typeof serviceSid !== 'string' || !isSid(serviceSid, 'ZS')) throw new ControlError(400, `${endpoint}: serviceSid must be "ZS" + 32 hex digits`);
      if (typeof environmentSid !== 'string' || !isSid(environmentSid, 'ZE')) throw new ControlError(400, `${endpoint}: environmentSid must be "ZE" + 32 hex digits`);
      if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_FED_LINES) throw new ControlError(400, `${endpoint}: lines must be an array of 1 to ${MAX_FED_LINES} lines`);
      const parsed = lines.map((line, index) => parseLine(endpoint, line, index));
      const service = state.serverless.findServiceBySid(serviceSid);
      const environment = service?.environments.find((e) => e.sid === environmentSid);
      if (!service || !environment) throw new ControlError(404, `${endpoint}: no Environment ${environmentSid} in a Service ${serviceSid}`);
      const stored = state.serverless.append(service, environment, parsed, state.clock.now());
      return { status: 201, body: { stored: stored.length } };
    },
  };
}
