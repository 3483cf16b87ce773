// Loads the shardops console in a headless Chromium and checks what a user sees of online schema changes:
// a copy's progress, and a postponed cut-over waiting for approval, approved from the Schema changes section.
// Run by ConsoleSchemaChangeBrowserIT, which writes the records into a real etcd first. Exit 0: every check passed.
//
// env: CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN, CHROMIUM (default /usr/bin/chromium),
//      USER_DATA_DIR (fresh, made by the caller), SCREENSHOT_DIR (optional: PNGs of the page)
import { allPassed, check, launch, screenshot, text } from './browser.mjs';

const { CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN } = process.env;
const WAIT = { timeout: 10000 };

const context = await launch();
try {
  const page = context.pages()[0] || await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(CONSOLE_URL, { waitUntil: 'domcontentloaded' });

  const copying = '[data-schema-change="customer.corder"]';
  await page.waitForSelector(copying, WAIT);
  check((await text(page, copying + ' .badge')) === 'copying', 'customer.corder is copying');
  check((await text(page, copying + ' [data-field="rowsCopied"]')) === '4,000', 'it shows 4,000 rows copied');
  check((await text(page, copying)).includes('of ~10,000'), 'of the estimated 10,000');
  check((await text(page, copying + ' [data-field="etaSeconds"]')).includes('ETA 3 s'), 'and its ETA');
  check((await text(page, copying + ' [data-field="rowsPerSecond"]')).includes('2,000 rows/s'), 'and its rate');

  const following = '[data-schema-change="customer.customer"]';
  const gate = following + ' [data-cutover-approval="' + CONSOLE_RUN + '/2"]';
  await page.waitForSelector(gate, WAIT);
  check((await text(page, following + ' .badge')) === 'following', 'customer.customer is copied and following');
  check((await text(page, gate)).includes('waiting for approval'), 'its postponed cut-over waits for approval');
  check(await page.locator(gate + ' button').count() === 0, 'no Approve button before signing in');
  await page.fill('#token', CONSOLE_TOKEN);
  await page.click('#login button');
  await page.waitForSelector(gate + ' button.approve', WAIT);
  check((await text(page, gate + ' button.approve')) === 'Approve cut-over', 'signed in, the Approve cut-over button shows');
  await screenshot(page, 'console-schema-change-waiting');
  await page.click(gate + ' button.approve');
  await page.waitForFunction(() => document.querySelector('#approve-result').innerText.startsWith('Approved step 2'), null, WAIT);
  check(true, 'the page confirms the approval');
  await page.waitForFunction((sel) => document.querySelector(sel)?.innerText.includes('approved by console'), gate, WAIT);
  check(true, 'the cut-over shows who approved');

  const section = await text(page, '#schema-changes');
  check(!/undefined|NaN/.test(section) && !section.replaceAll('not null', '').includes('null'), 'no "null" or "undefined" shows in the section: ' + section);
  check(pageErrors.length === 0, 'no script errors on the page' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
  allPassed();
} finally {
  await context.close();
}
