import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext } from 'playwright-core';
import { EmulatorControl } from '../../../emulator/control/control-client';
import { PRICING_FIXTURE } from '../../../emulator/pricing/pricing-fixture';
import type { Report } from '../../../src/core/report';
import { readEnvFile } from '../../../src/cli/env-file';
import { PROJECT_ROOT } from '../../helpers/bundle-server';
import { launchChromium, onPage } from '../../helpers/chromium';
import { freePort, runStart, type StartedProcess } from '../../helpers/start-process';

// The report end to end: `npm start`, traffic through every money path (allowed and refused,
// several countries, a pumping burst, a TDoS burst, a lockdown and back), then
// `gatekeeper report --local` as JSON (its counts equal the answers the test got, per rule and
// country, and its money equals the emulated prices of what was refused), as HTML opened in
// headless Chromium (every chart drawn, the totals those of the JSON, no console error), and as
// the --serve dashboard.
const STARTUP_MS = 180_000;
const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'gatekeeper.js');
const run = promisify(execFile);

/** What the test did and what the gate answered. */
interface Made {
  endpoint: string;
  country: string;
  allowed: boolean;
  status: number;
  billable?: 'sms' | 'call';
  /** The refusing rule, where the answer pins it down. */
  rule?: string;
}

let stack: StartedProcess;
let base: string;
let cwd: string;
let apiToken: string;
let control: EmulatorControl;
let browser: BrowserContext;
const made: Made[] = [];

function cli(args: string[]) {
  return run(process.execPath, [CLI, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
}

async function post(path: string, body: Record<string, string>, auth = false): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${apiToken}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function verifyStart(to: string, country: string, rule?: string): Promise<number> {
  const { status } = await post('/verify/start', { to });
  made.push({ endpoint: 'verify/start', country: status === 400 || status === 503 ? '??' : country, allowed: status === 200, status, billable: 'sms', rule: status === 503 ? 'gate-mode' : rule });
  return status;
}

async function inboundCall(from: string, index: number): Promise<void> {
  const form = new URLSearchParams({ AccountSid: `AC${'0'.repeat(31)}1`, To: '+14155550100', From: from, CallSid: `CA${String(index).padStart(32, '0')}`, CallStatus: 'ringing', Direction: 'inbound' });
  const response = await fetch(`${base}/voice/inbound`, { method: 'POST', body: form });
  const twiml = await response.text();
  made.push({ endpoint: 'voice/inbound', country: 'GB', allowed: !twiml.includes('<Reject'), status: response.status });
}

/** Sends starts to fresh US numbers until the gate answers `status` (the mode cache takes a few seconds). */
async function untilStatus(status: number, next: () => string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if ((await verifyStart(next(), 'US')) === status) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`verify/start never answered ${status}`);
}

async function driveTraffic(): Promise<void> {
  // Allowed codes in three countries, and a verified number that then gets a templated SMS.
  const verified = '+447400123401';
  await verifyStart(verified, 'GB');
  const code = await control.verificationCode(verified);
  const check = await post('/verify/check', { to: verified, code: code as string });
  made.push({ endpoint: 'verify/check', country: '??', allowed: check.status === 200, status: check.status });
  await verifyStart('+12025550123', 'US');
  await verifyStart('+93700123456', 'AF');
  // Refused by policy: a denied country, a premium line type, a number that is none.
  await verifyStart('+37120123456', 'LV', 'destinations.countries.deny[LV]');
  await verifyStart('+37120123457', 'LV', 'destinations.countries.deny[LV]');
  await verifyStart('+449061234567', 'GB', 'destinations.lineTypes.sms');
  await verifyStart('+8823912345678', '??', 'parse');
  // A pumping burst over one range, and a number asking again at once.
  for (let i = 10; i < 22; i += 1) await verifyStart(`+4474001235${i}`, 'GB');
  await verifyStart('+12025550123', 'US');
  // Sends and calls.
  const sms = await post('/sms/outbound', { to: verified, template: 'appointment-reminder', params: { date: '2030-01-31', time: '09:30' } } as never, true);
  made.push({ endpoint: 'sms/outbound', country: 'GB', allowed: sms.status === 200, status: sms.status, billable: 'sms' });
  const unverified = await post('/sms/outbound', { to: '+447400123499', template: 'appointment-reminder', params: { date: '2030-01-31', time: '09:30' } } as never, true);
  made.push({ endpoint: 'sms/outbound', country: 'GB', allowed: unverified.status === 200, status: unverified.status, billable: 'sms', rule: 'sms.verified-recipients' });
  const call = await post('/voice/outbound', { to: verified, purpose: 'demo' }, true);
  made.push({ endpoint: 'voice/outbound', country: 'GB', allowed: call.status === 200, status: call.status, billable: 'call' });
  const premium = await post('/voice/outbound', { to: '+449061234567', purpose: 'demo' }, true);
  made.push({ endpoint: 'voice/outbound', country: 'GB', allowed: premium.status === 200, status: premium.status, billable: 'call', rule: 'destinations.lineTypes.voice' });
  // A TDoS burst from one caller.
  for (let i = 0; i < 4; i += 1) await inboundCall('+447400123457', i);
  // A lockdown and back.
  let us = 200;
  const nextUs = () => `+120255501${String(us++).slice(-2)}`;
  await cli(['mode', 'set', 'lockdown', '--local', '--reason', 'report test']);
  await untilStatus(503, nextUs);
  await cli(['mode', 'set', 'normal', '--local']);
  await untilStatus(200, nextUs);
}

/** Reads the report until every decision the test made is in it (lines are fed in batches). */
async function reportJson(): Promise<Report> {
  for (let attempt = 0; ; attempt += 1) {
    const report = JSON.parse((await cli(['report', '--local', '--since', '1h', '--json'])).stdout) as Report;
    if (report.totals.decisions >= made.length || attempt >= 20) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'gatekeeper-report-'));
  const port = await freePort();
  stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: String(port), GATE_STATE_DIR: join(cwd, '.gatekeeper') });
  const [, emulatorUrl] = await stack.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, STARTUP_MS);
  control = new EmulatorControl(emulatorUrl);
  await stack.waitFor(/Ctrl-C stops/, STARTUP_MS);
  base = `http://127.0.0.1:${port}`;
  apiToken = readEnvFile(join(cwd, '.gatekeeper', 'local.env')).GATE_API_TOKEN;
  browser = await launchChromium('report browser test');
  await driveTraffic();
}, STARTUP_MS * 3);

afterAll(async () => {
  await browser?.close();
  stack?.child.kill('SIGTERM');
  await stack?.exited;
});

function count(filter: (m: Made) => boolean): number {
  return made.filter(filter).length;
}

const cheapestSms = (country: string) => Math.min(...PRICING_FIXTURE[country].sms.map((carrier) => carrier.mobile));

describe('gatekeeper report over the local stack', () => {
  it('counts exactly the decisions the test made, per endpoint, rule and country', async () => {
    const report = await reportJson();
    expect(report.totals).toMatchObject({ decisions: made.length, allowed: count((m) => m.allowed), refused: count((m) => !m.allowed) });
    for (const row of report.byEndpoint) {
      expect([row.endpoint, row.allowed, row.refused]).toEqual([row.endpoint, count((m) => m.endpoint === row.endpoint && m.allowed), count((m) => m.endpoint === row.endpoint && !m.allowed)]);
    }
    for (const rule of new Set(made.map((m) => m.rule).filter((r): r is string => r !== undefined))) {
      const row = report.byRule.find((r) => r.rule === rule);
      expect([rule, row?.refused]).toEqual([rule, count((m) => m.rule === rule)]);
    }
    // The rest of the refused codes are the pumping burst's and the repeat's: throttle and adaptive rules.
    const pinned = new Set(made.map((m) => m.rule));
    const adaptive = report.byRule.filter((r) => r.endpoint === 'verify/start' && !pinned.has(r.rule)).reduce((sum, r) => sum + r.refused, 0);
    expect(adaptive).toBe(count((m) => m.endpoint === 'verify/start' && !m.allowed && m.rule === undefined));
    expect(adaptive).toBeGreaterThan(0);
    const countries = Object.fromEntries(report.byCountry.map((r) => [r.country, [r.allowed, r.refused]]));
    for (const country of new Set(made.map((m) => m.country))) {
      expect([country, countries[country]]).toEqual([country, [count((m) => m.country === country && m.allowed), count((m) => m.country === country && !m.allowed)]]);
    }
    expect(report.topRefusedCallers[0]).toMatchObject({ refused: count((m) => m.endpoint === 'voice/inbound' && !m.allowed) });
    expect(report.modeChanges.map((c) => c.to)).toEqual(['normal', 'lockdown', 'normal']);
    expect(report.conversion.byCountry.find((c) => c.country === 'GB')).toMatchObject({ approved: 1 });
  }, 120_000);

  it('prices every refused send at the emulated prices', async () => {
    const report = await reportJson();
    const refusedSms = made.filter((m) => !m.allowed && m.billable === 'sms' && m.country !== '??');
    const premiumCall = PRICING_FIXTURE.GB.voice.find((v) => v.prefixes.includes('449'))?.perMinute as number;
    const refusedCalls = count((m) => !m.allowed && m.billable === 'call');
    const expected = refusedSms.reduce((sum, m) => sum + cheapestSms(m.country), 0) + refusedCalls * premiumCall;
    expect(report.money.notSpent).toBeCloseTo(expected, 6);
    expect(report.money.unpricedRefused).toBe(count((m) => !m.allowed && m.billable !== undefined && m.country === '??'));
  }, 120_000);

  it('writes a page that headless Chromium draws, with the totals of the JSON report', async () => {
    const report = await reportJson();
    const file = join(cwd, 'report.html');
    await cli(['report', '--local', '--since', '1h', '--html', file]);
    await onPage(browser, 'report-page', async (page) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`file://${file}`);
      await page.waitForSelector('body[data-charts="drawn"]');
      const charts = await page.$$eval('canvas', (canvases) =>
        canvases.map((canvas) => {
          const context = canvas.getContext('2d') as unknown as { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
          return { id: canvas.id, width: canvas.width, height: canvas.height, painted };
        }),
      );
      expect(charts.map((c) => c.id)).toEqual(['chart-timeline', 'chart-rules', 'chart-countries', 'chart-conversion', 'chart-money']);
      for (const chart of charts) expect([chart.id, chart.width > 0 && chart.height > 0 && chart.painted > 100]).toEqual([chart.id, true]);
      expect(await page.textContent('#total-decisions')).toBe(String(report.totals.decisions));
      expect(await page.textContent('#total-allowed')).toBe(String(report.totals.allowed));
      expect(await page.textContent('#total-refused')).toBe(String(report.totals.refused));
      expect(await page.textContent('#money-not-spent')).toBe(report.money.notSpent.toFixed(4));
      expect(errors).toEqual([]);
      // docs/report.png is made this way: GATE_REPORT_SCREENSHOT=docs/report.png npx jest test/integration/report
      const screenshot = process.env.GATE_REPORT_SCREENSHOT;
      if (screenshot) {
        await page.setViewportSize({ width: 1280, height: 1000 });
        await page.screenshot({ path: join(PROJECT_ROOT, screenshot) });
      }
    });
  }, 120_000);

  it('serves the same page on 127.0.0.1 without the credentials, and only to its own address', async () => {
    const server = spawn(process.execPath, [CLI, 'report', '--local', '--since', '1h', '--serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          const match = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
          if (match) resolve(match[1]);
        });
        server.once('exit', (code) => reject(new Error(`report --serve exited with ${code}`)));
      });
      const page = await fetch(url);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('<canvas id="chart-timeline"');
      expect(html).toContain('http-equiv="refresh" content="60"');
      const { AUTH_TOKEN } = readEnvFile(join(cwd, '.gatekeeper', 'local.env'));
      expect(html).not.toContain(AUTH_TOKEN);
      // fetch() sets Host itself; a rebinding page's request carries its own host name.
      const rebound = await new Promise<number>((resolve, reject) => {
        request(url, { headers: { Host: 'attacker.example' } }, (response) => {
          response.resume();
          resolve(response.statusCode as number);
        })
          .once('error', reject)
          .end();
      });
      expect(rebound).toBe(403);
    } finally {
      server.kill('SIGTERM');
    }
  }, 120_000);
});
