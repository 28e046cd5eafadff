// Opens the HTML report in real headless Chromium: both waterfalls drawn, the duplicated publish
// highlighted, its attributes shown on click, and a 10k-span trace rendered with few DOM rows.
import { after, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/render-html.ts';
import { bigTree, errorVerdict, failedVerdict, passedVerdict, summaryOf } from './fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'tbt-html-'));
let browser: Browser | undefined;
let unavailable: string | undefined;

before(async () => {
  try {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} does not exist (apt-get install chromium)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  } catch (error) {
    unavailable = `headless Chromium could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    if (process.env.CI === 'true') throw new Error(`${unavailable}; CI needs it for the HTML report test`);
  }
});

after(async () => {
  await browser?.close();
});

async function open(t: TestContext, html: string, name: string, width = 1400): Promise<Page | undefined> {
  if (!browser) {
    t.skip(unavailable ?? 'no browser');
    return undefined;
  }
  const file = path.join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(10_000);
  const outside: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) outside.push(request.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('[data-testid="waterfall"] .row');
  t.after(() => {
    assert.deepEqual(errors, [], 'no script errors');
    assert.deepEqual(outside, [], 'the report loads nothing from the network');
  });
  return page;
}

test('the report shows both waterfalls, highlights the duplicated publish, and shows its attributes on click', async (t) => {
  const page = await open(t, renderHtml(summaryOf([passedVerdict, failedVerdict, errorVerdict])), 'checkout.html');
  if (!page) return;
  assert.equal(await page.textContent('[data-testid="summary-line"]'), '1 passed, 2 failed');
  assert.equal(await page.locator('[data-testid="summary"] tr.test-row').count(), 3);
  // The first failing test opens by default.
  assert.match((await page.textContent('h2')) ?? '', /checkout publishes exactly one shipping event/);
  assert.match((await page.textContent('[data-testid="phases"]')) ?? '', /trigger 41ms · collect 262ms · judge 3ms/);
  // It drifted and nothing was written: the meta line must not say "matched".
  assert.match((await page.textContent('.meta')) ?? '', /snapshot snapshots\/checkout-publishes-one-shipping-event\.trace\.yaml: not updated \(drift\)/);
  assert.ok(await page.isVisible('[data-testid="golden-waterfall"]'));
  assert.ok(await page.isVisible('[data-testid="current-waterfall"]'));
  assert.equal(await page.locator('.row .bar.g').count(), 10);
  assert.equal(await page.locator('.row .bar.c').count(), 10);

  const publish = page.locator('.row', { hasText: 'publish shipping-queue' });
  assert.equal(await publish.getAttribute('data-drift'), 'changed');
  assert.match((await publish.textContent()) ?? '', /×1 → ×2/);
  const colour = await publish.locator('.bar.c').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(colour, 'rgb(191, 135, 0)', 'drifted bars take the "changed" colour');
  assert.equal(await page.locator('.row', { hasText: 'POST /payments' }).getAttribute('data-drift'), 'slower');

  await publish.click();
  const details = page.locator('[data-testid="details"]');
  assert.match((await details.textContent()) ?? '', /publish shipping-queue.*shipping-service · producer/);
  assert.match((await details.textContent()) ?? '', /count changed: ×1 → ×2/);
  const destination = details.locator('[data-testid="attributes"] tr', { hasText: 'messaging.destination.name' });
  assert.match((await destination.textContent()) ?? '', /"shipping-queue"/);
  assert.ok(await page.locator('.row.sel', { hasText: 'publish shipping-queue' }).isVisible());

  const shot = path.join(os.tmpdir(), 'tbt-html-report.png');
  await page.screenshot({ path: shot, fullPage: true });
  t.diagnostic(`screenshot: ${shot}`);
  console.log(`HTML report screenshot: ${shot}`);

  // A changed attribute shows before and after, highlighted.
  await page.locator('[data-testid="findings"] li', { hasText: 'attribute db.statement changed' }).click();
  const statement = details.locator('[data-testid="attributes"] tr.chg');
  assert.equal(await statement.count(), 1);
  assert.match((await statement.textContent()) ?? '', /db\.statement.*VALUES \(\?, \?\)".*VALUES \(\?, \?, \?\)"/);

  await page.locator('[data-testid="summary"] tr.test-row', { hasText: 'health check' }).click();
  assert.match((await page.textContent('.meta')) ?? '', /snapshot snapshots\/health\.trace\.yaml: matched/);

  // Another test from the summary.
  await page.locator('[data-testid="summary"] tr.test-row', { hasText: 'refund' }).click();
  assert.match((await page.textContent('#test')) ?? '', /Could not run: payment-service exited/);
  await page.close();
});

test('a 10k-span trace renders only the visible rows and scrolls to the end', async (t) => {
  const tree = bigTree(10_000);
  const verdict = { ...failedVerdict, findings: [], assertions: [], golden: tree, current: tree, spanCount: 10_000 };
  const html = renderHtml(summaryOf([verdict]));
  const page = await open(t, html, 'big.html');
  if (!page) return;
  const rendered = await page.locator('.row').count();
  assert.ok(rendered > 10 && rendered < 200, `${rendered} rows in the DOM for 10k spans`);
  await page.locator('.wf-body').evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await page.waitForSelector('.row[data-i="9999"]');
  assert.ok((await page.locator('.row').count()) < 200);
  await page.close();
});

test('the time axes\' labels never overlap and stay inside their columns, in a narrow window, after a resize and in a wide one', async (t) => {
  const html = renderHtml(summaryOf([passedVerdict, failedVerdict, errorVerdict]));
  const page = await open(t, html, 'axis.html', 900);
  if (!page) return;
  const check = async (label: string): Promise<number> => {
    let most = 0;
    for (const axis of await page.locator('.axis').all()) {
      const column = await axis.boundingBox();
      assert.ok(column);
      const boxes = [];
      for (const span of await axis.locator('span').all()) boxes.push(await span.boundingBox());
      most = Math.max(most, boxes.length);
      for (const [i, box] of boxes.entries()) {
        assert.ok(box && box.x >= column.x - 0.5 && box.x + box.width <= column.x + column.width + 0.5, `${label}: label ${i} leaves its column`);
        const next = boxes[i + 1];
        if (next) assert.ok(box.x + box.width < next.x, `${label}: labels ${i} and ${i + 1} overlap`);
      }
    }
    return most;
  };
  const narrow = await check('900px');
  assert.ok(narrow >= 2, 'a 900px window still labels its axes');
  await page.setViewportSize({ width: 2000, height: 900 });
  await page.waitForFunction((count) => document.querySelectorAll('.axis')[0]!.children.length > count, narrow);
  assert.ok((await check('resized to 2000px')) > narrow, 'a wider window gets more labels');
});
