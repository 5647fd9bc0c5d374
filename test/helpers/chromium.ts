import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from './bundle-server';

// Browser tests run in Debian's Chromium, driven by playwright-core (which downloads no browser).
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where a failing browser test leaves its screenshot. */
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-output');

/** Launches headless Chromium, or fails saying what is missing and how to install it. */
export async function launchChromium(testName: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the ${testName} needs Chromium at ${CHROMIUM}: on Debian or Ubuntu, apt-get install chromium (.ci/run installs it when missing)`);
  }
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gatekeeper-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  // Generous: the machine may be busy; the tests assert behaviour, not speed.
  browser.setDefaultTimeout(60_000);
  return browser;
}

/** Runs `steps` on a fresh page; on failure, saves a screenshot to test-output/ and rethrows. */
export async function onPage(browser: BrowserContext, name: string, steps: (page: Page) => Promise<void>): Promise<void> {
  const page = await browser.newPage();
  try {
    await steps(page);
  } catch (error) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${(error as Error).message}\n(screenshot: ${file})`);
  } finally {
    await page.close();
  }
}
