import twilio from 'twilio';
import {
  GateError,
  jsonEndpoint,
  jsonSuccess,
  twimlEndpoint,
  twimlReply,
  type FunctionContext,
  type HttpReply,
  type JsonEndpointDefinition,
} from '../../../src/core/http';

class FakeResponse {
  statusCode = 200;
  headers: Record<string, string> = {};
  body: unknown;
  setStatusCode(code: number) {
    this.statusCode = code;
  }
  setBody(body: unknown) {
    this.body = body;
  }
  appendHeader(name: string, value: string) {
    this.headers[name] = value;
  }
}

const TOKEN = 't'.repeat(40);

function context(env: Record<string, string> = {}): FunctionContext {
  return { getTwilioClient: () => { throw new Error('no client in unit tests'); }, GATE_LOG_LEVEL: 'silent', GATE_API_TOKEN: TOKEN, ...env };
}

function invoke(handler: ReturnType<typeof jsonEndpoint>, ctx: FunctionContext, event: unknown): Promise<FakeResponse> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    handler(ctx, event, (error, payload) => {
      calls += 1;
      if (calls > 1) reject(new Error('callback called twice'));
      if (error) reject(error);
      setImmediate(() => resolve(payload as FakeResponse));
    });
  });
}

function endpoint(run: JsonEndpointDefinition['run'], access: 'app' | 'public' = 'app') {
  return jsonEndpoint({ name: 'test', access, newResponse: () => new FakeResponse(), run });
}

const ok = endpoint(async ({ params }) => jsonSuccess({ echo: params.value ?? null }));
/** The event of a JSON POST with these headers, as the runtime builds it. */
const post = (headers: Record<string, string> = {}, params: Record<string, unknown> = {}) => ({ request: { headers: { 'content-type': 'application/json', ...headers }, cookies: {} }, ...params });
const authed = (extra: Record<string, unknown> = {}) => post({ authorization: `Bearer ${TOKEN}` }, extra);

describe('jsonEndpoint', () => {
  it('answers the run result as JSON with success true', async () => {
    const response = await invoke(ok, context(), authed({ value: 'v' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toEqual({ success: true, echo: 'v' });
    expect(response.headers['Content-Type']).toMatch(/application\/json/);
  });

  it('refuses an app call without the bearer token with 401 and WWW-Authenticate', async () => {
    const response = await invoke(ok, context(), post({}, { value: 'v' }));
    expect(response.statusCode).toBe(401);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_UNAUTHORIZED', message: expect.any(String) } });
    expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer/);
  });

  it('refuses a wrong token', async () => {
    const response = await invoke(ok, context(), post({ authorization: `Bearer ${'u'.repeat(40)}` }));
    expect(response.statusCode).toBe(401);
  });

  it('fails closed when no API token is configured', async () => {
    const response = await invoke(ok, context({ GATE_API_TOKEN: '' }), authed());
    expect(response.statusCode).toBe(500);
    expect((response.body as { error: { code: string } }).error.code).toBe('ERR_GATE_CONFIG');
  });

  it('does not need a token for public endpoints', async () => {
    const response = await invoke(endpoint(async () => jsonSuccess({}), 'public'), context({ GATE_API_TOKEN: '' }), post());
    expect(response.statusCode).toBe(200);
  });

  it('maps a GateError to its status, code, message and headers', async () => {
    const failing = endpoint(async () => {
      throw new GateError('ERR_GATE_INVALID_PARAMETER', "Parameter 'to' is required.", { headers: { 'X-Test': '1' } });
    });
    const response = await invoke(failing, context(), authed());
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER', message: "Parameter 'to' is required." } });
    expect(response.headers['X-Test']).toBe('1');
  });

  it('answers an unexpected exception with a generic 500 and never echoes it', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const failing = endpoint(async () => {
      throw new Error('secret internals +447912345656');
    });
    const response = await invoke(failing, context({ GATE_LOG_LEVEL: 'info' }), authed());
    spy.mockRestore();
    expect(response.statusCode).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret internals');
    expect((response.body as { error: { code: string } }).error.code).toBe('ERR_GATE_INTERNAL');
    expect(lines.join('\n')).toContain('request.failed');
    expect(lines.join('\n')).not.toContain('7912345656');
  });

  it("logs a gate's own missing setting (ERR_GATE_CONFIG) as config.invalid naming it, not as a refused request", async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const unconfigured = endpoint(async () => {
      throw new GateError('ERR_GATE_CONFIG', 'The gatekeeper is not configured correctly.', { logDetail: { setting: 'GATE_MESSAGING_SERVICE_SID', problem: 'not set' } });
    });
    const response = await invoke(unconfigured, context({ GATE_LOG_LEVEL: 'info' }), authed());
    spy.mockRestore();
    expect(response.statusCode).toBe(500);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([expect.objectContaining({ level: 'error', event: 'config.invalid', setting: 'GATE_MESSAGING_SERVICE_SID', problem: 'not set', code: 'ERR_GATE_CONFIG' })]);
  });

  it('answers a non-Error throw with a generic 500', async () => {
    const failing = endpoint(async () => {
      throw 'a string';
    });
    expect((await invoke(failing, context(), authed())).statusCode).toBe(500);
  });

  it('answers an invalid configuration with a generic 500 naming no setting', async () => {
    const response = await invoke(ok, context({ GATE_SYNC_SHARDS: 'many' }), authed());
    expect(response.statusCode).toBe(500);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_CONFIG', message: expect.not.stringContaining('GATE_SYNC_SHARDS') } });
  });

  it('refuses a browser origin that is not allowed, before authentication', async () => {
    const response = await invoke(ok, context(), post({ origin: 'https://evil.example' }));
    expect(response.statusCode).toBe(403);
    expect((response.body as { error: { code: string } }).error.code).toBe('ERR_GATE_ORIGIN_NOT_ALLOWED');
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('adds CORS headers for an allowed origin, on success and on failure', async () => {
    const ctx = context({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' });
    const success = await invoke(ok, ctx, post({ origin: 'https://app.example.com', authorization: `Bearer ${TOKEN}` }));
    expect(success.headers['Access-Control-Allow-Origin']).toBe('https://app.example.com');
    const failure = await invoke(ok, ctx, post({ origin: 'https://app.example.com' }));
    expect(failure.statusCode).toBe(401);
    expect(failure.headers['Access-Control-Allow-Origin']).toBe('https://app.example.com');
  });

  it.each([
    ['a form or query string', 'x'],
    ['a JSON object without cookies', { headers: { origin: 'https://app.example.com', authorization: `Bearer ${TOKEN}` } }],
    ['a JSON object with extra keys', { headers: {}, cookies: {}, method: 'POST' }],
    ['a JSON object with a non-string header', { headers: { origin: 1 }, cookies: {} }],
  ])('refuses a parameter named request given as %s with 400, granting no CORS headers', async (_name, request) => {
    const response = await invoke(ok, context({ GATE_ALLOWED_ORIGINS: 'https://app.example.com' }), { request, value: 'v' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toEqual({ success: false, error: { code: 'ERR_GATE_INVALID_PARAMETER', message: "Parameter 'request' is reserved by the runtime; rename it." } });
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('answers a request without a body (a GET) with 405 and Allow: POST', async () => {
    const response = await invoke(ok, context(), { request: { headers: { authorization: `Bearer ${TOKEN}` }, cookies: {} }, value: 'v' });
    expect(response.statusCode).toBe(405);
    expect(response.headers.Allow).toBe('POST');
    expect(response.body).toMatchObject({ success: false, error: { code: 'ERR_GATE_METHOD_NOT_ALLOWED' } });
  });

  it('answers a body the runtime does not parse (text/plain) with a 400 that says how to send parameters', async () => {
    const response = await invoke(ok, context(), post({ 'content-type': 'text/plain;charset=UTF-8', authorization: `Bearer ${TOKEN}` }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'ERR_GATE_INVALID_PARAMETER', message: expect.stringMatching(/as JSON \(application\/json\) or as a form/) } });
  });

  it('serves a GET on an endpoint that accepts one', async () => {
    const gettable = jsonEndpoint({ name: 'test', access: 'public', methods: 'get-or-post', newResponse: () => new FakeResponse(), run: async ({ params }) => jsonSuccess({ echo: params.value }) });
    const response = await invoke(gettable, context(), { request: { headers: {}, cookies: {} }, value: 'v' });
    expect(response.body).toEqual({ success: true, echo: 'v' });
  });
});

describe('twimlEndpoint', () => {
  const fallback = (): HttpReply => {
    const twiml = new twilio.twiml.VoiceResponse();
    twiml.reject({ reason: 'busy' });
    return twimlReply(twiml);
  };

  const refusal = (): HttpReply => twimlReply(new twilio.twiml.MessagingResponse());
  const OWN = `AC${'1'.repeat(32)}`;
  const SUBACCOUNT = `AC${'2'.repeat(32)}`;
  const hookContext = (env: Record<string, string> = {}) => context({ ACCOUNT_SID: OWN, ...env });
  const signed = { AccountSid: OWN };

  function webhook(run: () => Promise<HttpReply>) {
    return twimlEndpoint({ name: 'test-hook', newResponse: () => new FakeResponse(), run, fallback, refusal });
  }

  it.each([
    ['another account', { AccountSid: `AC${'9'.repeat(32)}` }, {}],
    ['no AccountSid', {}, {}],
    ['an AccountSid given twice', { AccountSid: [OWN, OWN] }, {}],
    ['no ACCOUNT_SID of its own', signed, { ACCOUNT_SID: '' }],
  ])('answers the refusal TwiML, without running, to a webhook for %s', async (_name, params, env) => {
    const run = jest.fn(async () => fallback());
    const response = await invoke(webhook(run), hookContext(env), params);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(run).not.toHaveBeenCalled();
  });

  it('runs for its own account and for the subaccounts listed in GATE_WEBHOOK_ACCOUNT_SIDS', async () => {
    const run = jest.fn(async () => fallback());
    await invoke(webhook(run), hookContext(), signed);
    await invoke(webhook(run), hookContext({ GATE_WEBHOOK_ACCOUNT_SIDS: SUBACCOUNT }), { AccountSid: SUBACCOUNT });
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('answers the TwiML the run builds, with status 200 and text/xml', async () => {
    const hook = webhook(async () => {
      const twiml = new twilio.twiml.VoiceResponse();
      twiml.say('hello');
      return twimlReply(twiml);
    });
    const response = await invoke(hook, hookContext(), signed);
    expect(response.statusCode).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/text\/xml/);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>hello</Say></Response>');
  });

  it('answers the fallback TwiML with 200 when the run throws', async () => {
    const response = await invoke(webhook(async () => { throw new Error('boom'); }), hookContext(), signed);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<Reject reason="busy"/>');
  });

  it('answers the fallback TwiML when the configuration is invalid', async () => {
    const run = jest.fn(async () => fallback());
    const response = await invoke(webhook(run), hookContext({ GATE_LOG_LEVEL: 'silent', GATE_SYNC_SHARDS: '-1' }), signed);
    expect(response.body).toContain('<Reject');
    expect(run).not.toHaveBeenCalled();
  });
});

describe('twimlEndpoint last resort', () => {
  it('answers an empty Response, once, when even the fallback throws', async () => {
    const hook = twimlEndpoint({
      name: 'test-hook',
      newResponse: () => new FakeResponse(),
      run: async () => {
        throw new Error('boom');
      },
      fallback: () => {
        throw new Error('fallback broken');
      },
      refusal: () => {
        throw new Error('unused');
      },
    });
    const response = await invoke(hook, context({ ACCOUNT_SID: `AC${'1'.repeat(32)}` }), { AccountSid: `AC${'1'.repeat(32)}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
