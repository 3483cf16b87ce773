// Loads the shardops console in a headless Chromium and checks what a user sees during a move.
// Run by ConsoleBrowserIT, which serves the console on a real etcd and changes the records when this
// script asks: it prints "NEXT <phase>" and waits for "OK" on stdin. Exit 0: every check passed.
//
// env: CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN, CHROMIUM (default /usr/bin/chromium),
//      USER_DATA_DIR (fresh, made by the caller), SCREENSHOT_DIR (optional: PNGs of the page)
import { createInterface } from 'node:readline';
import { allPassed, check, launch, screenshot, text } from './browser.mjs';

const { CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN } = process.env;
const WAIT = { timeout: 10000 };
const stdin = createInterface({ input: process.stdin });
const replies = stdin[Symbol.asyncIterator]();

async function next(phase) {
  console.log('NEXT ' + phase);
  const { value, done } = await replies.next();
  if (done || value.trim() !== 'OK') throw new Error('the test did not confirm phase ' + phase + ': ' + value);
}

const context = await launch();
try {
  const page = context.pages()[0] || await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(CONSOLE_URL, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => { window.loadedOnce = true; });

  // What the cluster looks like.
  await page.waitForSelector('[data-tablet="zone1-0000000300"]', WAIT);
  check((await text(page, '[data-shard="customer/-80"]')).includes('-80'), 'shard customer/-80 is listed');
  check((await text(page, '[data-shard="customer/-80"] .badge')) === 'no', 'customer/-80 does not serve yet');
  check((await text(page, '[data-shard="customer/0"] .badge')) === 'yes', 'customer/0 serves');
  check((await text(page, '[data-tablet="zone1-0000000300"] .type')) === 'primary', 'tablet zone1-0000000300 is a primary');
  check((await text(page, '[data-tablet="zone1-0000000101"] .type')) === 'replica', 'tablet zone1-0000000101 is a replica');
  check(await page.locator('[data-keyspace]').count() === 2, 'two keyspaces');
  await page.waitForSelector('#live[data-mode="live"]', WAIT);
  check(true, 'the page follows the server-sent events');

  // The running step of the current run, with the copy's progress.
  const running = '#current-run li[data-step="3"]';
  check((await page.getAttribute(running, 'data-state')) === 'running', 'step 3 of the current run is running');
  check((await text(page, running)).includes('start-copy'), 'the running step is the copy');
  check((await text(page, running + ' .rows-copied')) === '150', 'the running step shows 150 rows copied');
  check((await page.getAttribute('#current-run li[data-step="1"]', 'data-state')) === 'done', 'step 1 is done');
  check((await page.getAttribute('#current-run li[data-step="5"]', 'data-state')) === 'pending', 'step 5 is pending');
  check((await text(page, '#watch')).includes('c0ffee012345'), "the watcher's last commit shows");
  check((await text(page, '#watch')).includes('Plan: 2 to add'), "the watcher's plan summary shows");
  check(!(await text(page, 'main')).includes('null'), 'no "null" shows anywhere');
  await page.click('[data-history-run="' + CONSOLE_RUN + '"] summary');
  check(await page.locator('[data-history-run="' + CONSOLE_RUN + '"] li[data-step]').count() === 5, 'the run in the history expands to its 5 steps');
  await screenshot(page, 'console-copying');

  // The copy goes on: the page updates by itself.
  await next('progress');
  await page.waitForFunction((sel) => document.querySelector(sel)?.innerText === '7,000', running + ' .rows-copied', WAIT);
  check(await page.evaluate(() => window.loadedOnce === true), 'rows copied went to 7,000 without reloading the page');
  check((await text(page, '[data-workflow="customer-reshard"] .rows-copied')) === '7,000', 'the workflow shows 7,000 rows copied');

  // The run stops before the gated switch; approving takes the token.
  await next('waiting');
  const approval = '[data-approval="' + CONSOLE_RUN + '/5"]';
  await page.waitForSelector(approval, WAIT);
  check(await page.locator(approval + ' button').count() === 0, 'no Approve button before signing in');
  check((await text(page, '#approvals-note')).includes('Sign in'), 'the page says to sign in to approve');
  const anonymous = await page.evaluate(async (runId) => (await fetch('api/approve', { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ runId, step: 5 }) })).status, CONSOLE_RUN);
  check(anonymous === 401, 'an approval without the token is refused (401)');
  await page.fill('#token', 'wrong-token-0123456789');
  await page.click('#login button');
  await page.waitForFunction(() => document.querySelector('#login-result').innerText === 'token refused', null, WAIT);
  check(await page.locator(approval + ' button').count() === 0, 'a wrong token shows no Approve button');
  await page.fill('#token', CONSOLE_TOKEN);
  await page.click('#login button');
  await page.waitForSelector(approval + ' button.approve', WAIT);
  check(true, 'signed in, the Approve button shows');
  await screenshot(page, 'console-waiting');
  await page.click(approval + ' button.approve');
  await page.waitForFunction(() => document.querySelector('#approve-result').innerText.startsWith('Approved step 5'), null, WAIT);
  check(true, 'the page confirms the approval');
  await page.waitForFunction((sel) => document.querySelector(sel)?.innerText.includes('approved by console'), approval, WAIT);
  check(true, 'the pending approval shows who approved');
  await screenshot(page, 'console-approved');

  check(pageErrors.length === 0, 'no script errors on the page' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
  allPassed();
} finally {
  await context.close();
  stdin.close();
}
