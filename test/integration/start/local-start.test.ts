import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, portIsFree, runStart, type StartedProcess } from '../../helpers/start-process';

// `npm start` as a new user runs it, after `npm test`'s build: the banner's commands are run as
// printed (through sh and curl) against the started stack, then the stack is stopped the way an
// IDE stops it. The only edit to a command is the verification code in place of `<code>`.
const run = promisify(execFile);
const READY = /Ctrl-C stops the server and the emulator\./;
const STARTUP_MS = 180_000;
/** npm may exit before the script it ran has stopped its children; they must be gone soon after. */
const STOP_MS = 10_000;

async function waitUntilFree(port: number): Promise<boolean> {
  const deadline = Date.now() + STOP_MS;
  while (Date.now() < deadline) {
    if (await portIsFree(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return portIsFree(port);
}

async function curl(command: string): Promise<{ status: number; body: string }> {
  const { stdout } = await run('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], { timeout: 60_000 });
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

function bannerCommands(output: string): string[] {
  return [...output.matchAll(/^ {2}(curl .*)$/gm)].map((match) => match[1]);
}

/** What each endpoint answers in its success case. */
const SUCCESS: Record<string, (body: string) => void> = {
  '/health': (body) => expect(JSON.parse(body)).toMatchObject({ success: true, status: 'ok', mode: 'local' }),
  '/verify/start': (body) => expect(JSON.parse(body)).toEqual({ success: true, status: 'pending', channel: 'sms' }),
  '/__emulator/verify/codes': (body) => expect(JSON.parse(body).code).toMatch(/^\d{4,10}$/),
  '/verify/check': (body) => expect(JSON.parse(body)).toEqual({ success: true, valid: true }),
  '/sms/outbound': (body) => expect(JSON.parse(body)).toEqual({ success: true, sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) }),
  '/voice/outbound': (body) => expect(JSON.parse(body)).toMatchObject({ success: true, callSid: expect.stringMatching(/^CA/), status: 'queued' }),
  '/voice/inbound': (body) => expect(body).toMatch(/<Dial[^>]*timeLimit="\d+"[^>]*>\s*<Number>\+447400999111<\/Number>/),
  '/voice/forward': (body) => expect(body).toMatch(/<Dial[^>]*>\s*<Number>\+447400999111<\/Number>/),
  '/sms/inbound': (body) => {
    expect(body).toMatch(/<Message to="\+447400999112">/);
    expect(body).toContain('(link removed)');
    expect(body).toContain('(number removed)');
  },
};

describe('npm start in local mode', () => {
  let port: number;
  let stack: StartedProcess;
  beforeAll(async () => {
    port = await freePort();
    stack = runStart('npm', ['--no-build', '--no-watch'], { GATE_PORT: String(port) });
    await stack.waitFor(READY, STARTUP_MS);
  }, STARTUP_MS + 5000);
  afterAll(() => stack?.stop());

  it('prints one command per endpoint, and each answers its success case', async () => {
    const commands = bannerCommands(stack.output());
    const paths = commands.map((command) => /http:\/\/[^/\s']+(\/[A-Za-z_/]+)/.exec(command)?.[1]);
    expect(paths).toEqual(['/health', '/verify/start', '/__emulator/verify/codes', '/verify/check', '/sms/outbound', '/voice/outbound', '/voice/inbound', '/voice/forward', '/sms/inbound']);
    let code = '';
    for (const [i, command] of commands.entries()) {
      const path = paths[i] as string;
      const answer = await curl(command.replace('<code>', code));
      // The body is in the comparison so that a failure shows what the endpoint answered.
      expect({ path, status: answer.status, body: answer.status === 200 ? '' : answer.body }).toEqual({ path, status: 200, body: '' });
      SUCCESS[path](answer.body);
      if (path === '/__emulator/verify/codes') code = JSON.parse(answer.body).code;
    }
  }, 300_000);

  it('labels app endpoints as needing the token and webhooks as Twilio webhooks, none of them "(public)"', () => {
    expect(stack.output()).toMatch(/\/sms\/outbound {2}\(app: Authorization: Bearer GATE_API_TOKEN\)/);
    expect(stack.output()).toMatch(/\/voice\/inbound {2}\(Twilio webhook, protected/);
    expect(stack.output()).not.toMatch(/outbound {2}\(public\)/);
  });

  it('stops the emulator and twilio-run when npm gets SIGTERM, freeing their ports', async () => {
    const emulatorPort = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stack.output())?.[1]);
    stack.child.kill('SIGTERM');
    await stack.exited;
    expect(await waitUntilFree(port)).toBe(true);
    expect(await waitUntilFree(emulatorPort)).toBe(true);
  }, 30_000);
});

describe('npm start', () => {
  it('stops everything on SIGHUP (a closed terminal)', async () => {
    const port = await freePort();
    const stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: String(port) });
    try {
      await stack.waitFor(READY, STARTUP_MS);
      const emulatorPort = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stack.output())?.[1]);
      stack.child.kill('SIGHUP');
      expect(await stack.exited).toBe(0);
      expect(await portIsFree(port)).toBe(true);
      expect(await portIsFree(emulatorPort)).toBe(true);
    } finally {
      await stack.stop();
    }
  }, STARTUP_MS + 20_000);

  it('exits at once with a message naming GATE_PORT when the port is busy', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: String(port) });
      expect(await stack.exited).toBe(2);
      expect(stack.output()).toContain(`port ${port} is already in use`);
      expect(stack.output()).toContain(`GATE_PORT=${port + 1} npm start`);
      expect(stack.output()).not.toMatch(/emulator listening/);
    } finally {
      busy.close();
    }
  }, 20_000);

  it('refuses a GATE_PORT that is not a port, naming it', async () => {
    const stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: '30oo' });
    expect(await stack.exited).toBe(2);
    expect(stack.output()).toContain('GATE_PORT=30oo is not a port number');
  }, 20_000);

  it('refuses to start live mode without a credential, naming it', async () => {
    const envFile = join(mkdtempSync(join(tmpdir(), 'gatekeeper-live-')), '.env');
    writeFileSync(envFile, 'ACCOUNT_SID=AC00000000000000000000000000000001\nGATE_API_TOKEN=x\n');
    const stack = runStart('node', ['--live', '--no-build', '--no-watch', '--env', envFile], { GATE_PORT: String(await freePort()) });
    expect(await stack.exited).toBe(2);
    expect(stack.output()).toContain(`live mode needs AUTH_TOKEN in ${envFile}`);
  }, 20_000);
});
