import type twilio from 'twilio';
import { ConfigError, parseConfig, type GateConfig } from '../config';
import { createLogger, LOG_LEVELS, type Logger, type LogLevel } from '../log';
import { createTwilioClient, type TwilioClientContext } from '../twilio';
import { requireAppToken } from './app-token';
import { evaluateCors } from './cors';
import { GateError, isGateError } from './gate-error';
import { assertRuntimeRequest, readHeaders, readParams, type RequestParams } from './params';
import { assertPostBody } from './request-method';
import { checkWebhookAccount } from './webhook-account';
import { jsonFailure, type HttpReply } from './reply';

/** What handlers read from the Functions `context`: environment variables and the client factory. */
export interface FunctionContext extends TwilioClientContext {
  DOMAIN_NAME?: string;
  readonly [setting: string]: unknown;
}

/** The part of `Twilio.Response` the wrapper uses. */
export interface ResponseLike {
  setStatusCode(code: number): unknown;
  setBody(body: string | object): unknown;
  appendHeader(name: string, value: string): unknown;
}

/** The Functions callback: `callback(null, response)` ends the execution. */
export type FunctionCallback = (error: null | Error | string | object, payload?: unknown) => void;

/** A Twilio Functions handler. Callback style: async handlers need a newer runtime-handler than npm serves. */
export type FunctionHandler = (context: FunctionContext, event: unknown, callback: FunctionCallback) => void;

/** Everything a JSON endpoint's `run` receives. */
export interface EndpointRequest {
  params: RequestParams;
  headers: Record<string, string>;
  context: FunctionContext;
  config: GateConfig;
  logger: Logger;
  /** The Twilio client, created on first use (see `createTwilioClient`). */
  twilioClient(): twilio.Twilio;
}

export interface JsonEndpointDefinition {
  /** Route name for logs, e.g. `verify/start`. */
  name: string;
  /**
   * `app`: requires `Authorization: Bearer <GATE_API_TOKEN>` and refuses every call while no
   * token is configured (fail closed). `public`: no token (CORS and throttles still apply).
   * `webhook`: a Twilio callback answered in JSON (a `.protected` function: the platform checks
   * Twilio's signature); no browser has reason to call it, so any request with an `Origin` is refused.
   */
  access: 'app' | 'public' | 'webhook';
  /**
   * `post` (the default): only requests with a JSON or form body are served (see
   * `assertPostBody`); `get-or-post`: parameters may also come in the query string.
   */
  methods?: 'post' | 'get-or-post';
  /** Creates the platform response object: `() => new Twilio.Response()` in a function file. */
  newResponse: () => ResponseLike;
  run(request: EndpointRequest): Promise<HttpReply>;
}

/** A constant, request-free TwiML document: the answer of last resort of a webhook. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const GENERIC_INTERNAL = new GateError('ERR_GATE_INTERNAL', 'An unexpected error occurred. The operator can find details in the logs.');
const GENERIC_CONFIG = new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly. The operator can find details in the logs.');

function logLevelOf(context: FunctionContext): LogLevel {
  const level = context.GATE_LOG_LEVEL;
  return typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

/** A webhook's `AccountSid` for the log: the SID when it is one, never whatever else a request put there. */
function accountSidForLog(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^AC[0-9a-f]{32}$/.test(value) ? value : 'malformed';
}

/** The endpoint's logger once the configuration is known: numbers tagged with the hash secret. */
function keyedLogger(name: string, context: FunctionContext, config: GateConfig): Logger {
  return createLogger({ level: logLevelOf(context), base: { fn: name }, numberKey: config.hashSecret });
}

function render(reply: HttpReply, extraHeaders: Record<string, string>, newResponse: () => ResponseLike): ResponseLike {
  const response = newResponse();
  response.setStatusCode(reply.status);
  for (const [name, value] of Object.entries({ ...reply.headers, ...extraHeaders })) response.appendHeader(name, value);
  response.setBody(reply.body);
  return response;
}

function withCors(reply: HttpReply, corsHeaders: Record<string, string>): HttpReply {
  return { ...reply, headers: { ...reply.headers, ...corsHeaders } };
}

/**
 * The gate's configuration, or undefined once a `config.invalid` line names the setting at
 * fault: a broken setting is the operator's to fix, so the log says which, while the caller
 * answers the client without details (a generic JSON 500, or the webhook's TwiML fallback).
 */
function configOrLogged(context: FunctionContext, logger: Logger): GateConfig | undefined {
  try {
    return parseConfig(context);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    logger.error('config.invalid', { setting: error.setting, problem: error.message });
    return undefined;
  }
}

async function handleJson(definition: JsonEndpointDefinition, context: FunctionContext, event: unknown, logger: Logger): Promise<HttpReply> {
  const config = configOrLogged(context, logger);
  if (!config) return jsonFailure(GENERIC_CONFIG);
  // From here on, masked numbers carry their keyed tag, so one caller can be followed in the logs.
  logger = keyedLogger(definition.name, context, config);

  try {
    assertRuntimeRequest(event);
  } catch (error) {
    if (!isGateError(error)) throw error;
    // The headers are the client's own here, so no CORS headers are granted.
    logger.info('request.refused', { code: error.code, status: error.status, ...error.logDetail });
    return jsonFailure(error);
  }
  const headers = readHeaders(event);
  const cors = definition.access === 'webhook' ? { allowed: headers.origin === undefined, headers: {} } : evaluateCors(headers.origin, config.allowedOrigins, context.DOMAIN_NAME);
  if (!cors.allowed) {
    logger.warn('request.refused', { reason: 'origin_not_allowed', origin: headers.origin });
    return withCors(jsonFailure(new GateError('ERR_GATE_ORIGIN_NOT_ALLOWED', 'This origin may not call this endpoint.')), cors.headers);
  }

  try {
    if (definition.access === 'app') requireAppToken(headers.authorization, config.apiToken);
    if ((definition.methods ?? 'post') === 'post') assertPostBody(headers);
    let client: twilio.Twilio | undefined;
    const reply = await definition.run({
      params: readParams(event),
      headers,
      context,
      config,
      logger,
      twilioClient: () => (client ??= createTwilioClient(context, { timeoutMs: config.twilioTimeoutMs })),
    });
    return withCors(reply, cors.headers);
  } catch (error) {
    if (isGateError(error)) {
      // A gate that finds its own settings missing (GATE_MESSAGING_SERVICE_SID, the caller id
      // pool) answers ERR_GATE_CONFIG: logged as configuration, where the operator looks for it.
      if (error.code === 'ERR_GATE_CONFIG') logger.error('config.invalid', { ...error.logDetail, code: error.code, status: error.status });
      else logger[error.status >= 500 ? 'error' : 'info']('request.refused', { code: error.code, status: error.status, ...error.logDetail });
      return withCors(jsonFailure(error), cors.headers);
    }
    // A gate's own settings (voice, SMS) are read inside `run`; their problems are configuration too.
    if (error instanceof ConfigError) {
      logger.error('config.invalid', { setting: error.setting, problem: error.message });
      return withCors(jsonFailure(GENERIC_CONFIG), cors.headers);
    }
    throw error;
  }
}

/**
 * Wraps a JSON endpoint in the shared plumbing: configuration, CORS allowlist, bearer auth for
 * app endpoints, parameter reading, and error mapping. A `GateError` becomes its documented
 * status and `{ success: false, error: { code, message } }`; anything else is logged and
 * answered with a generic 500, never echoed. The callback is called exactly once, after all
 * awaited work, because calling it ends the Function's execution.
 *
 * @example
 * export const handler = jsonEndpoint({
 *   name: 'health',
 *   access: 'public',
 *   newResponse: () => new Twilio.Response(),
 *   run: async ({ twilioClient }) => jsonSuccess({ ok: true }),
 * });
 */
export function jsonEndpoint(definition: JsonEndpointDefinition): FunctionHandler {
  return (context, event, callback) => {
    const logger = createLogger({ level: logLevelOf(context), base: { fn: definition.name } });
    handleJson(definition, context, event, logger)
      .catch((error: unknown) => {
        logger.error('request.failed', { error });
        return jsonFailure(GENERIC_INTERNAL);
      })
      .then((reply) => {
        try {
          callback(null, render(reply, {}, definition.newResponse));
        } catch (error) {
          logger.error('response.failed', { error });
          callback(null, render(jsonFailure(GENERIC_INTERNAL), {}, definition.newResponse));
        }
      });
  };
}

export interface TwimlEndpointDefinition {
  /** Route name for logs, e.g. `voice/inbound`. */
  name: string;
  newResponse: () => ResponseLike;
  run(request: EndpointRequest): Promise<HttpReply>;
  /**
   * The TwiML answered when `run` fails or the configuration is invalid. Webhooks always answer
   * 200 with TwiML; what that TwiML does on failure (reject the call, drop the SMS) is the
   * endpoint's fail-safe choice. It gets the raw `context`, so the choice itself can be a setting
   * (read leniently: the configuration may be what failed).
   */
  fallback(context: FunctionContext): HttpReply;
  /**
   * The TwiML for a webhook that is not for one of the gate's accounts (see
   * `checkWebhookAccount`): it must cost nothing and forward nothing (reject the call, drop the SMS).
   */
  refusal(): HttpReply;
}

/**
 * Wraps a Twilio webhook: always 200 with TwiML, whatever happens. Signature checking is the
 * platform's job: webhook functions are `.protected`.
 */
export function twimlEndpoint(definition: TwimlEndpointDefinition): FunctionHandler {
  return (context, event, callback) => {
    const logger = createLogger({ level: logLevelOf(context), base: { fn: definition.name } });
    const run = async (): Promise<HttpReply> => {
      const config = configOrLogged(context, logger);
      if (!config) return definition.fallback(context);
      const keyed = keyedLogger(definition.name, context, config);
      const params = readParams(event);
      const account = checkWebhookAccount(params, config.accountSid, config.webhookAccountSids);
      if (!account.allowed) {
        if (account.reason === 'own_account_unknown') keyed.error('config.invalid', { setting: 'ACCOUNT_SID', problem: 'not set: webhooks cannot be checked against the account and are refused' });
        else keyed.warn('request.refused', { reason: account.reason, accountSid: accountSidForLog(params.AccountSid) });
        return definition.refusal();
      }
      // A webhook decides on Twilio's signed parameters, never on headers: a forged `request`
      // only leaves it without headers (`readHeaders` reads the runtime's own object or nothing).
      let client: twilio.Twilio | undefined;
      return definition.run({
        params,
        headers: readHeaders(event),
        context,
        config,
        logger: keyed,
        twilioClient: () => (client ??= createTwilioClient(context, { timeoutMs: config.twilioTimeoutMs })),
      });
    };
    run()
      .catch((error: unknown) => {
        if (error instanceof ConfigError) logger.error('config.invalid', { setting: error.setting, problem: error.message });
        else logger.error('request.failed', { error });
        return definition.fallback(context);
      })
      .catch((error: unknown) => {
        // The fallback itself failed: answer the one TwiML that does nothing, so Twilio still
        // gets a 200 and the callback is still called exactly once.
        logger.error('fallback.failed', { error });
        return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML };
      })
      .then((reply) => {
        try {
          callback(null, render(reply, {}, definition.newResponse));
        } catch (error) {
          logger.error('response.failed', { error });
          callback(null, render({ status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: EMPTY_TWIML }, {}, definition.newResponse));
        }
      });
  };
}
