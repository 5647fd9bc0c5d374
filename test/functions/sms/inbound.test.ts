import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handler } from '../../../src/functions/sms/inbound.protected';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { parseTwiml } from '../../helpers/twiml';

const FORWARD_TO = '+447400999888';
const SECRET = 's'.repeat(40);
const OUR_NUMBER = '+447400100200';
const SENDER = '+447400123456';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

const harness = useFunctionHarness();
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let receiverDelayMs = 0;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      setTimeout(() => response.writeHead(204).end(), receiverDelayMs);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received = [];
  receiverDelayMs = 0;
});

/** A real inbound SMS webhook payload, as Twilio sends it. */
function inbound(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ToCountry: 'GB',
    ToState: '',
    SmsMessageSid: `SM${'1'.repeat(32)}`,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: `SM${'1'.repeat(32)}`,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: 'Hello there',
    FromCountry: 'GB',
    To: OUR_NUMBER,
    ToZip: '',
    NumSegments: '1',
    MessageSid: `SM${'1'.repeat(32)}`,
    AccountSid: `AC${'0'.repeat(31)}1`,
    From: SENDER,
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}

function context(env: Record<string, string> = {}) {
  return harness.context({ GATE_SMS_FORWARD_TO: FORWARD_TO, ...env });
}

describe('sms/inbound', () => {
  it('forwards the sanitized text to GATE_SMS_FORWARD_TO, labelled with the masked sender', async () => {
    const response = await invokeFunction(handler, context(), inbound({ Body: 'Your parcel is held: pay at hxxps://dhl-fee[.]top or call +44 7400 555666 today' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/text\/xml/);
    const twiml = parseTwiml(response.body);
    expect(twiml.children).toHaveLength(1);
    expect(twiml.children[0]).toMatchObject({ name: 'Message', attributes: { to: FORWARD_TO } });
    expect(twiml.children[0].text).toBe('From +4474******56: Your parcel is held: pay at (link removed) or call (number removed) today');
  });

  it.each([
    ['Pls call claim number 09066364311 to collect', 'Pls call claim number (number removed) to collect'],
    ['To claim, call09050000327 now', 'To claim, call(number removed) now'],
    ['Only 09061701461150p/min', 'Only (number removed)150p/min'],
    ['Ring 0906 📞 170 📞 1461', 'Ring (number removed)'],
    ['Ring O2O 7946 O958', 'Ring (number removed)'],
    ['Log in at Paypal.Support or Wa.Me', 'Log in at (link removed) or (link removed)'],
    ['Txt WIN to 80082 now', 'Txt WIN to (number removed) now'],
    ['Your code is 482913, see you at 7.30pm, Mr.Smith; £1.50 or 150p, e.g. on 12.05.2025 (v2.3.1)', 'Your code is 482913, see you at 7.30pm, Mr.Smith; £1.50 or 150p, e.g. on 12.05.2025 (v2.3.1)'],
  ])('removes what real spam hides in %p', async (body, expected) => {
    const twiml = parseTwiml((await invokeFunction(handler, context(), inbound({ Body: body }))).body);
    expect(twiml.children[0].text).toBe(`From +4474******56: ${expected}`);
  });

  it('reads national numbers of GATE_SMS_EXTRA_COUNTRIES too', async () => {
    const body = 'whatsapp me on 98765 43210';
    const plain = parseTwiml((await invokeFunction(handler, context(), inbound({ Body: body }))).body);
    expect(plain.children[0].text).toBe(`From +4474******56: ${body}`);
    const withIndia = parseTwiml((await invokeFunction(handler, context({ GATE_SMS_EXTRA_COUNTRIES: 'IN,PH' }), inbound({ Body: body }))).body);
    expect(withIndia.children[0].text).toBe('From +4474******56: whatsapp me on (number removed)');
  });

  it('never forwards media, only says how many attachments were removed (MMS)', async () => {
    const response = await invokeFunction(handler, context(), inbound({
      Body: 'look',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
      MediaContentType1: 'image/png',
    }));
    const twiml = parseTwiml(response.body);
    expect(twiml.children[0].text).toBe('From +4474******56: look (2 attachments removed)');
    expect(twiml.children[0].children).toEqual([]);
  });

  it('forwards an MMS without text as a note of its attachments', async () => {
    const twiml = parseTwiml((await invokeFunction(handler, context(), inbound({ Body: '', NumMedia: '1', MediaUrl0: 'https://example.com/x.jpg' }))).body);
    expect(twiml.children[0].text).toBe('From +4474******56:  (1 attachment removed)');
  });

  it.each([
    ['an empty body', ''],
    ['only a link', 'bit.ly/3xYz'],
    ['only invisible characters', '\u200b\u200b\u200e'],
  ])('does not forward %s', async (_name, body) => {
    const twiml = parseTwiml((await invokeFunction(handler, context(), inbound({ Body: body }))).body);
    expect(twiml.children).toEqual([]);
  });

  it('posts the sanitized message as JSON signed with HMAC-SHA256 to GATE_SMS_FORWARD_URL', async () => {
    const env = { GATE_SMS_FORWARD_TO: '', GATE_SMS_FORWARD_URL: receiverUrl, GATE_SMS_FORWARD_SECRET: SECRET };
    const response = await invokeFunction(handler, harness.context(env), inbound({ Body: 'Win a prize at www.prize-now.xyz' }));
    expect(parseTwiml(response.body).children).toEqual([]);
    expect(received).toHaveLength(1);
    const [{ headers, body }] = received;
    const payload = JSON.parse(body);
    expect(payload).toMatchObject({ from: SENDER, fromMasked: '+4474******56', to: OUR_NUMBER, text: 'Win a prize at (link removed)', attachmentsRemoved: 0 });
    expect(payload.removed).toEqual([{ kind: 'url', start: 15, end: 32 }]);
    const signature = headers['x-gatekeeper-signature'] as string;
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(mac).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex'));
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('still answers TwiML, within its timeout, when the forward URL hangs', async () => {
    receiverDelayMs = 3000;
    const env = { GATE_SMS_FORWARD_URL: receiverUrl, GATE_SMS_FORWARD_SECRET: SECRET, GATE_SMS_FORWARD_TIMEOUT_MS: '300' };
    const started = Date.now();
    const response = await invokeFunction(handler, context(env), inbound());
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parseTwiml(response.body).children[0]).toMatchObject({ name: 'Message', attributes: { to: FORWARD_TO } });
  });

  it('drops senders on the policy deny list and the runtime deny list', async () => {
    setPolicy({ inbound: { deny: { prefixes: ['+4474001234'] } } });
    expect(parseTwiml((await invokeFunction(handler, context(), inbound())).body).children).toEqual([]);
    setPolicy({});
    const ctx = context();
    // The runtime deny list, as `gatekeeper deny add` writes it.
    const { getGateRuntime } = await import('../../../src/compose');
    const { parseConfig } = await import('../../../src/core/config');
    const { createTwilioClient } = await import('../../../src/core/twilio');
    const config = parseConfig(ctx);
    await getGateRuntime({ config, policyText: '{}', createClient: () => createTwilioClient(ctx) }).denyList.add({ kind: 'number', e164: SENDER });
    expect(parseTwiml((await invokeFunction(handler, ctx, inbound())).body).children).toEqual([]);
    expect(parseTwiml((await invokeFunction(handler, ctx, inbound({ From: '+447400123457' }))).body).children).toHaveLength(1);
  });

  it('throttles a flooding sender (10 per minute by default) and answers empty TwiML', async () => {
    const ctx = context();
    const forwarded: number[] = [];
    for (let i = 0; i < 12; i += 1) forwarded.push(parseTwiml((await invokeFunction(handler, ctx, inbound({ Body: `message ${i}` }))).body).children.length);
    expect(forwarded).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('treats alphanumeric and withheld senders as one anonymous group, and drops them when told to', async () => {
    expect(parseTwiml((await invokeFunction(handler, context(), inbound({ From: 'ACMEBANK', Body: 'Your code is 123456' }))).body).children[0].text).toBe(
      'From unknown sender: Your code is 123456',
    );
    setPolicy({ inbound: { anonymous: 'reject' } });
    expect(parseTwiml((await invokeFunction(handler, context(), inbound({ From: 'ACMEBANK' }))).body).children).toEqual([]);
  });

  it('drops the message (never forwards unsanitized) when the configuration is incomplete or the runtime fails', async () => {
    expect(parseTwiml((await invokeFunction(handler, harness.context(), inbound())).body).children).toEqual([]);
    expect(parseTwiml((await invokeFunction(handler, context({ GATE_SMS_FORWARD_TO: '07400 999888' }), inbound())).body).children).toEqual([]);
    expect(parseTwiml((await invokeFunction(handler, context({ GATE_SMS_FORWARD_URL: 'http://example.com/hook', GATE_SMS_FORWARD_SECRET: SECRET }), inbound())).body).children).toEqual([]);
    setPolicy('{ not json');
    expect(parseTwiml((await invokeFunction(handler, context(), inbound())).body).children).toEqual([]);
  });

  it('keeps forwarding when Sync fails (local limits), never opening a relay', async () => {
    await harness.control.injectFault({ route: 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key', kind: '500-html', count: 100 });
    const ctx = context();
    const forwarded: number[] = [];
    for (let i = 0; i < 12; i += 1) forwarded.push(parseTwiml((await invokeFunction(handler, ctx, inbound())).body).children.length);
    expect(forwarded.slice(0, 3)).toEqual([1, 1, 1]);
    expect(forwarded.filter((count) => count === 1).length).toBeLessThan(12);
  });
});
