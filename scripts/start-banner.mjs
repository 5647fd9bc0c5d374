// What `npm start` prints once the stack runs: the functions with who may call them, and one
// working curl per endpoint, in an order that works (verify a number, then send it a templated
// SMS). The webhooks are posted as Twilio posts them: form-encoded, with the account and the
// number they are for. twilio-run does not check Twilio's signature on .protected functions
// locally (only the deployed service does), so local webhook calls need no signature.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Who may call each endpoint, as the README's table says. */
const ACCESS_LABELS = {
  '/health': 'public',
  '/verify/start': 'public, browsers from GATE_ALLOWED_ORIGINS',
  '/verify/check': 'public, browsers from GATE_ALLOWED_ORIGINS',
  '/voice/outbound': 'app: Authorization: Bearer GATE_API_TOKEN',
  '/sms/outbound': 'app: Authorization: Bearer GATE_API_TOKEN',
  '/voice/inbound': 'Twilio webhook, protected: signed by Twilio when deployed',
  '/voice/forward': 'Twilio webhook, protected: signed by Twilio when deployed',
  '/sms/inbound': 'Twilio webhook, protected: signed by Twilio when deployed',
};

/** The demo recipient: a fictional UK mobile the default policy allows. */
const DEMO_NUMBER = '+447400123456';
/** A caller or sender writing to the gate's number. */
const DEMO_CALLER = '+447400123457';
const DEMO_CALL_SID = `CA${'d'.repeat(32)}`;
const DEMO_MESSAGE_SID = `SM${'d'.repeat(32)}`;

function listFunctionRoutes(root) {
  const dir = join(root, 'dist', 'functions');
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  return walk(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const name = relative(dir, file).replace(/\\/g, '/').replace(/\.js$/, '');
      const path = `/${name.replace(/\.(protected|private)$/, '')}`;
      const access = name.endsWith('.protected') ? 'protected' : name.endsWith('.private') ? 'private' : 'public';
      return { path, label: ACCESS_LABELS[path] ?? access };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

function jsonPost(base, path, body, token) {
  const auth = token ? ` -H 'Authorization: Bearer ${token}'` : '';
  return `curl -X POST ${base}${path}${auth} -H 'Content-Type: application/json' -d '${JSON.stringify(body)}'`;
}

function webhookPost(base, path, params) {
  const fields = Object.entries(params).map(([key, value]) => `--data-urlencode '${key}=${value}'`);
  return `curl -X POST ${base}${path} ${fields.join(' ')}`;
}

/** The local mode's commands, one per endpoint, each with the line that explains it. */
export function localCommands({ base, apiToken, emulatorUrl, account }) {
  const webhook = { AccountSid: account.accountSid, To: account.gateNumber, From: DEMO_CALLER };
  const call = { ...webhook, CallSid: DEMO_CALL_SID, CallStatus: 'ringing', Direction: 'inbound' };
  return [
    ['Is it up?', `curl ${base}/health`],
    ['Send a verification code (the emulator prints it here):', jsonPost(base, '/verify/start', { to: DEMO_NUMBER })],
    ['...or read it from the emulator:', `curl '${emulatorUrl}/__emulator/verify/codes?to=${encodeURIComponent(DEMO_NUMBER)}'`],
    ['Check the code (put it in place of <code>):', jsonPost(base, '/verify/check', { to: DEMO_NUMBER, code: '<code>' })],
    ['Send the verified number the demo template:', jsonPost(base, '/sms/outbound', { to: DEMO_NUMBER, template: 'appointment-reminder', params: { date: '2030-01-31', time: '09:30' } }, apiToken)],
    ['Place a call (capped by GATE_CALL_TIME_LIMIT, from the caller id pool):', jsonPost(base, '/voice/outbound', { to: DEMO_NUMBER, purpose: 'demo' }, apiToken)],
    ['A call comes in to your number (the TDoS guard forwards it to GATE_FORWARD_TO):', webhookPost(base, '/voice/inbound', call)],
    ['Forward a call to your fixed numbers:', webhookPost(base, '/voice/forward', call)],
    [
      'A message comes in (links and numbers are removed before it is forwarded):',
      webhookPost(base, '/sms/inbound', { ...webhook, MessageSid: DEMO_MESSAGE_SID, Body: 'Call me on +44 7400 123458 or see bit.ly/x', NumMedia: '0' }),
    ],
  ];
}

/** Prints the banner. */
export function printBanner({ root, port, live, watching, apiToken, emulatorUrl, account }) {
  const base = `http://localhost:${port}`;
  const lines = [
    '',
    `twilio-fraud-gatekeeper — ${live ? 'LIVE mode: requests reach your real Twilio account' : 'local mode: Twilio APIs are emulated, nothing is sent or billed'}`,
    '',
    'Endpoints:',
    ...listFunctionRoutes(root).map((r) => `  ${base}${r.path}  (${r.label})`),
    `  ${base}/index.html  (the verification demo page; also at http://127.0.0.1:${port}/index.html)`,
    '',
  ];
  if (live) {
    lines.push(
      `Try: curl ${base}/health`,
      apiToken ? 'App endpoints need: -H "Authorization: Bearer <GATE_API_TOKEN from .env>"' : 'GATE_API_TOKEN is not set in .env: app endpoints refuse every request.',
    );
  } else {
    lines.push(`Try (the emulated account owns ${account.gateNumber}, a Messaging Service and the caller ids; see docs/emulator.md):`);
    for (const [explanation, command] of localCommands({ base, apiToken, emulatorUrl, account })) lines.push(`  # ${explanation}`, `  ${command}`);
    lines.push('  # Check destinations against the policy:', '  npx gatekeeper check +447400123456 +37120123456 +449061234567');
    lines.push('  # What the gate allowed, refused and saved (the functions\' log lines feed the emulator\'s Logs API):', '  npx gatekeeper report --local --since 1h', '  npx gatekeeper report --local --html report.html');
  }
  lines.push(
    '',
    watching
      ? 'Edits to src/ (code, policy, demo page) are rebuilt and served without a restart; new functions and .env changes need one.'
      : 'Not watching src/: restart npm start to serve changes.',
    `Ctrl-C stops ${live ? 'the server' : 'the server and the emulator'}.`,
    '',
  );
  console.log(lines.join('\n'));
}
