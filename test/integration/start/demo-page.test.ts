import { type BrowserContext } from 'playwright-core';
import { EmulatorControl } from '../../../emulator/control/control-client';
import { launchChromium, onPage } from '../../helpers/chromium';
import { freePort, runStart, type StartedProcess } from '../../helpers/start-process';

// The demo page in a real browser (Debian's Chromium, driven by playwright-core) against
// `npm start`, opened at both loopback spellings: the code form appears only once a code was
// sent, a double click sends one code, and the code from the emulator verifies the number.
const STARTUP_MS = 180_000;

let stack: StartedProcess;
let port: number;
let control: EmulatorControl;
let browser: BrowserContext;

beforeAll(async () => {
  port = await freePort();
  stack = runStart('node', ['--no-build', '--no-watch'], { GATE_PORT: String(port) });
  const [, emulatorUrl] = await stack.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/, STARTUP_MS);
  control = new EmulatorControl(emulatorUrl);
  await stack.waitFor(/Ctrl-C stops/, STARTUP_MS);
  browser = await launchChromium('demo page test');
}, STARTUP_MS * 2);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the demo page', () => {
  it.each([
    ['localhost', '+447400123461'],
    ['127.0.0.1', '+447400123462'],
  ])('verifies a number when opened at %s, sending one code for a double click', async (host, number) => {
    await onPage(browser, `demo-page-${host}`, async (page) => {
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
    await onPage(browser, 'demo-page-malformed', async (page) => {
      await page.goto(`http://127.0.0.1:${port}/index.html`);
      await page.fill('#to', '07400 123456');
      await page.click('#start-form button[type=submit]');
      await page.waitForSelector('#result.error');
      expect(await page.textContent('#result')).toContain('international format');
      expect(await page.isVisible('#check-form')).toBe(false);
    });
  }, 120_000);
});
