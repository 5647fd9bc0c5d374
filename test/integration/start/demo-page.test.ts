import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { EmulatorControl } from '../../../emulator/control/control-client';
import { PROJECT_ROOT } from '../../helpers/bundle-server';
import { freePort, runStart, type StartedProcess } from '../../helpers/start-process';

// The demo page in a real browser (Debian's Chromium, driven by playwright-core) against
// `npm start`, opened at both loopback spellings: the code form appears only once a code was
// sent, a double click sends one code, and the code from the emulator verifies the number.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(PROJECT_ROOT, 'test-output');
const STARTUP_MS = 180_000;

let stack: StartedProcess;
let port: number;
let control: EmulatorControl;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the demo page test needs Chromium at ${CHROMIUM}: on Debian or Ubuntu, apt-get install chromium (.ci/run installs it when missing)`);
  }
  port = await freePort();
  stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: String(port) });
  const [, emulatorUrl] = await stack.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, STARTUP_MS);
  control = new EmulatorControl(emulatorUrl);
  await stack.waitFor(/Ctrl-C stops/, STARTUP_MS);
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gatekeeper-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  // Generous: the machine may be busy; the test asserts behaviour, not speed.
  browser.setDefaultTimeout(60_000);
}, STARTUP_MS * 2);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Runs `steps` on a fresh page; on failure, saves a screenshot to test-output/ and rethrows. */
async function onPage(name: string, steps: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  try {
    await steps(page);
  } catch (error) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `demo-page-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\n(screenshot: ${file})`);
  } finally {
    await page.close();
  }
}

describe('the demo page', () => {
  it.each([
    ['localhost', '+447400123461'],
    ['127.0.0.1', '+447400123462'],
  ])('verifies a number when opened at %s, sending one code for a double click', async (host, number) => {
    await onPage(host, async (page) => {
      await page.goto(`http://${host}:${port}/index.html`);
      expect(await page.isVisible('#check-form')).toBe(false);

      await page.fill('#to', number);
      await page.dblclick('#start-form button[type=submit]');
      await page.waitForSelector('#result.ok', { timeout: 60_000 });
      expect(await page.textContent('#result')).toBe('Code sent by sms. Enter it below.');
      expect(await page.isVisible('#check-form')).toBe(true);
      const sent = await control.verificationCodes(number);
      expect(sent.verifications).toHaveLength(1);

      await page.fill('#code', sent.code as string);
      await page.click('#check-form button[type=submit]');
      await page.locator('#result.ok', { hasText: 'Verified.' }).waitFor({ timeout: 60_000 });
    });
  }, 240_000);

  it('refuses a malformed number in the page, before any request', async () => {
    await onPage('malformed', async (page) => {
      await page.goto(`http://127.0.0.1:${port}/index.html`);
      await page.fill('#to', '07400 123456');
      await page.click('#start-form button[type=submit]');
      await page.waitForSelector('#result.error');
      expect(await page.textContent('#result')).toContain('international format');
      expect(await page.isVisible('#check-form')).toBe(false);
    });
  }, 120_000);
});
