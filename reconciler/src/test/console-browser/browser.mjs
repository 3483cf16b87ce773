// What console-check.mjs and console-journey-check.mjs share: the headless Chromium they drive (env
// CHROMIUM, default /usr/bin/chromium; USER_DATA_DIR, fresh, made by the caller), the checks they count
// and print, and PNGs of the page when SCREENSHOT_DIR is set.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

const { USER_DATA_DIR, SCREENSHOT_DIR } = process.env;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let checks = 0;
export function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  checks++;
  console.log('ok - ' + what);
}

// The last line the Java side looks for.
export const allPassed = () => console.log(checks + ' passed, 0 failed');

export async function screenshot(page, name) {
  if (SCREENSHOT_DIR) await page.screenshot({ path: join(SCREENSHOT_DIR, name + '.png'), fullPage: true });
}

export const text = (page, selector) => page.locator(selector).first().innerText();

export const launch = () => chromium.launchPersistentContext(USER_DATA_DIR, {
  executablePath: CHROMIUM,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
