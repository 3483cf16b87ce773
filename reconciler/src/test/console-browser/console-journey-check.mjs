// Loads the console of a real `shardops watch` stopped before the gated primary switch of the vertical
// split (phase 205) and checks what a user sees, then signs in and approves the switch. Run by
// ConsoleJourneyIT (test module), which then checks that the watcher really switched. Exit 0: every check passed.
//
// env: CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN and CONSOLE_STEP (the run and step waiting for approval),
//      TABLETS (alias=type,... as `shardops status` reports them), CHROMIUM (default /usr/bin/chromium),
//      USER_DATA_DIR (fresh, made by the caller), SCREENSHOT_DIR (optional: PNGs of the page)
import { allPassed, check, launch, screenshot, text } from './browser.mjs';

const { CONSOLE_URL, CONSOLE_TOKEN, CONSOLE_RUN, CONSOLE_STEP, TABLETS } = process.env;
const WAIT = { timeout: 15000 };
// the watcher switches primary traffic after the click: stop writes, let the streams catch up, move routing
const SWITCH_WAIT = { timeout: 90000 };

const context = await launch();
let page;
try {
  page = context.pages()[0] || await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(CONSOLE_URL, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#live[data-mode="live"]', WAIT);
  check(true, 'the page follows the server-sent events');

  // The topology after 204: commerce and customer, one shard each, the tablets status reports.
  await page.waitForSelector('[data-keyspace="customer"]', WAIT);
  check(await page.locator('[data-keyspace]').count() === 2, 'two keyspaces');
  check((await text(page, '[data-keyspace="commerce"] h3')).startsWith('commerce'), 'keyspace commerce is shown');
  for (const shard of ['commerce/0', 'customer/0']) {
    check((await text(page, '[data-shard="' + shard + '"] .badge')) === 'yes', 'shard ' + shard + ' serves');
  }
  const tablets = TABLETS.split(',').map((t) => t.split('='));
  for (const [alias, type] of tablets) {
    check((await text(page, '[data-tablet="' + alias + '"] .type')) === type, 'tablet ' + alias + ' is shown as ' + type);
  }
  check(await page.locator('[data-tablet]').count() === tablets.length, tablets.length + ' tablets, as shardops status says');

  // The vertical split: copied, replica and rdonly switched, its stream from commerce/0 into customer/0.
  const vsplit = '[data-workflow="customer-vsplit"]';
  await page.waitForSelector(vsplit, WAIT);
  const workflow = await text(page, vsplit);
  check(workflow.includes('MoveTables'), 'workflow customer-vsplit is a MoveTables');
  check(/switched (rdonly, replica|replica, rdonly)/.test(workflow), 'rdonly and replica traffic are switched: ' + workflow.split('\n')[1]);
  check((await text(page, vsplit + ' .badge')) === 'verified', 'its stage is verified: the diff found no difference while the streams ran');
  const stream = vsplit + ' tr[data-stream="0→0"]';
  check(await page.locator(stream).count() === 1, 'its stream commerce/0 → customer/0 is listed');
  check((await text(page, stream + ' td[data-field="state"]')) === 'running', 'the stream runs: it keeps customer/0 caught up with commerce/0');
  check((await text(page, stream + ' td[data-field="rowsCopied"]')) === '10', "the stream copied the reference's 5 customers and 5 orders");
  console.log('# workflow: ' + workflow.replace(/\s+/g, ' '));

  // The run stopped at the gated switch; nothing to click before signing in.
  const waiting = '#current-run li[data-step="' + CONSOLE_STEP + '"]';
  check((await page.getAttribute(waiting, 'data-state')) === 'waiting-approval', 'step ' + CONSOLE_STEP + ' of the current run waits for approval');
  check((await text(page, waiting)).includes('switch-traffic'), 'the waiting step is the traffic switch');
  const approval = '[data-approval="' + CONSOLE_RUN + '/' + CONSOLE_STEP + '"]';
  await page.waitForSelector(approval, WAIT);
  check(await page.locator(approval + ' button').count() === 0, 'no Approve button before signing in');
  check((await text(page, '#approvals-note')).includes('Sign in'), 'the page says to sign in to approve');
  check(!(await text(page, 'main')).includes('null'), 'no "null" shows anywhere');
  await screenshot(page, 'journey-waiting');

  await page.fill('#token', CONSOLE_TOKEN);
  await page.click('#login button');
  await page.waitForSelector(approval + ' button.approve', WAIT);
  check(true, 'signed in, the Approve button shows');
  await page.click(approval + ' button.approve');
  await page.waitForFunction((want) => document.querySelector('#approve-result').innerText === want,
    'Approved step ' + CONSOLE_STEP + ' of ' + CONSOLE_RUN + '.', WAIT);
  check(true, 'the page confirms the approval');

  // The watcher wakes on the approval and switches: the page follows without a reload.
  const history = '[data-history-run="' + CONSOLE_RUN + '"]';
  await page.waitForFunction((sel) => document.querySelector(sel + ' summary .badge')?.innerText === 'done', history, SWITCH_WAIT);
  check(true, 'the run is done');
  check((await page.locator(history + ' li[data-step="' + CONSOLE_STEP + '"]').textContent()).includes('approved by console'),
    'the run shows its step ' + CONSOLE_STEP + ' approved by console');
  await page.waitForFunction((sel) => /switched [^·]*primary/.test(document.querySelector(sel)?.innerText || ''), vsplit, WAIT);
  check(true, 'the workflow shows primary traffic switched');
  await screenshot(page, 'journey-switched');

  check(pageErrors.length === 0, 'no script errors on the page' + (pageErrors.length ? ': ' + pageErrors.join('; ') : ''));
  allPassed();
} catch (e) {
  if (page) {
    console.log('# the snapshot the page had: ' + await page.evaluate(async () => JSON.stringify(await (await fetch('api/console')).json())).catch((x) => x.message));
  }
  throw e;
} finally {
  await context.close();
}
