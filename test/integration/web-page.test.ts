// End to end (real Redis, Appium, lab phones, the API and its page in real Chromium via playwright-core): a tester starts a check from the page and sees its verdicts; markup in a term stays text. The same check from the command line is lab-regression's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeApiToken, revokeApiToken } from '../../src/api/api-tokens.ts';
import { ApiServer } from '../../src/api/api-server.ts';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { CHROMIUM_BINARY, LAB_CHROMIUM_FLAGS } from '../../src/sessions/lab-capabilities.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';

const TOKEN = 'web-page-test-token-0123456789';
const HOSTILE = '<img src=x onerror=alert(1)>';
const RUN_TIMEOUT_MS = 5 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-page-'));
// the switched-on Mi and its reference, browser only
const devices = loadDeviceProfiles('devices')
  .filter((d) => d.id === 'lab-mi10t-eu-v12-5-4' || d.id === 'lab-pixel5')
  .map((d) => withTargetsOf(d, 'browser'));
let lab: EmbeddedLab;
let api: ApiServer;
let base: string;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

/** A node of Allure's data/suites.json tree. */
interface Node {
  uid: string;
  name: string;
  children?: Node[];
  parameters?: string[];
}

describe('the testers\u2019 page', { timeout: RUN_TIMEOUT_MS + 2 * 60 * 1000 }, () => {
  before(async () => {
    // the tester's Chromium starts while the lab does
    const browserStarted = chromium
      .launch({
        executablePath: CHROMIUM_BINARY,
        args: LAB_CHROMIUM_FLAGS.filter((flag) => flag !== '--headless=new'),
      })
      .then((started) => (browser = started));
    const labStarted = startEmbeddedLab(devices, 50, {
      reportsDir: join(dir, 'reports'),
      database: join(dir, 'cw.db'),
    }).then((started) => (lab = started));
    await Promise.allSettled([browserStarted, labStarted]); // all ended, so after() stops what did start
    await Promise.all([browserStarted, labStarted]);
    api = new ApiServer({
      context: lab.context,
      store: lab.store,
      profiles: devices,
      reportsDir: join(dir, 'reports'),
      termsDir: resolve('terms'),
      batchSize: 50,
      // one attempt: confirming a finding is lab-run's
      repetition: { required: 1, attempts: 1 },
      auth: { token: TOKEN },
    });
    base = await api.start();
    page = await browser.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    await api?.stop();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('without the token the page is refused', async () => {
    const response = await page.goto(`${base}/`);
    assert.equal(response?.status(), 401);
  });

  test('a check started from the page shows live progress, then its verdicts with evidence', async () => {
    await page.goto(`${base}/?token=${TOKEN}`);
    assert.equal(new URL(page.url()).search, '', 'the token left the address bar');
    await page.locator('input[name=device][value="lab-mi10t-eu-v12-5-4"]').check();
    await page.locator('#terms').fill(`Free Tibet\n${HOSTILE}`);
    await page.locator('#start').click();
    await page.locator('#run-status', { hasText: 'finished' }).waitFor({ timeout: RUN_TIMEOUT_MS });

    const progress = await page.locator('#progress-text').textContent();
    const [done, planned] = /^(\d+)\/(\d+) probes/
      .exec(progress ?? '')!
      .slice(1)
      .map(Number);
    assert.ok(planned! > 0 && done === planned, progress ?? '');

    // the matrix: a row per term, a column per phone and app, the control folded in the cell
    const cell = (term: string, device: string) =>
      page
        .locator('#matrix tbody tr', { has: page.locator('td.term', { hasText: term }) })
        .locator(`td[data-column="${device}|lab-browser"]`);
    const masked = cell('Free Tibet', 'lab-mi10t-eu-v12-5-4');
    assert.equal(await masked.locator('span').textContent(), 'masked');
    assert.equal(await masked.locator('img.thumb').count(), 1, 'a screenshot thumbnail');
    const thumbnail = await masked
      .locator('img.thumb')
      .evaluate((img: HTMLImageElement) => img.naturalWidth);
    assert.ok(thumbnail > 0, 'the thumbnail loads');
    assert.match((await masked.locator('details small').first().textContent()) ?? '', /: intact$/);
    assert.equal(
      await cell('Free Tibet', 'lab-pixel5').locator('span').textContent(),
      'intact',
      'the reference phone',
    );
    assert.equal(await page.locator('#matrix tbody tr').count(), 2, 'two terms, controls folded');
    assert.match(
      (await page.locator('#matrix thead th', { hasText: 'lab-mi10t-eu-v12-5-4' }).textContent()) ??
        '',
      /truism: intact/,
    );
    const hostile = page.locator('#matrix td.term', { hasText: HOSTILE });
    assert.equal(await hostile.textContent(), HOSTILE, 'markup shown as text');
    assert.equal(
      await cell(HOSTILE, 'lab-mi10t-eu-v12-5-4').locator('span').textContent(),
      'intact',
    );
    // the detail: every probe in the order it ran
    assert.ok((await page.locator('#verdicts tbody tr').count()) > 4);
    assert.equal(await page.locator('#matrix img[src="x"]').count(), 0);
    assert.equal(await page.locator('#verdicts img[src="x"]').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  test("the page names who started the run; a viewer's token reads but cannot start a check, and a revoked one is refused at once", async () => {
    assert.equal(await page.locator('#started-by').textContent(), 'started by token:api-token');
    const viewer = await makeApiToken(lab.store, 'vera', 'viewer', { name: 'name', role: 'role' });
    const context = await browser.newContext();
    try {
      const asViewer = await context.newPage();
      await asViewer.goto(`${base}/?token=${viewer.token}`);
      await asViewer.locator('#whoami', { hasText: 'signed in as vera (viewer)' }).waitFor();
      assert.equal(await asViewer.locator('#start').isDisabled(), true);
      assert.match(
        (await asViewer.locator('#form-error').textContent()) ?? '',
        /needs a tester token/,
      );
      await revokeApiToken(lab.store, 'vera', 'name');
      const again = await asViewer.goto(`${base}/`);
      assert.equal(again?.status(), 401, 'the cookie of a revoked token opens nothing');
    } finally {
      await context.close();
    }
  });

  test("the run's Allure report opens from the page and shows the markup term as text", async () => {
    const link = page.locator('#reports a', { hasText: 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM' });
    await link.click();
    await page.waitForURL(/\/reports\/allure\/.+\/index\.html/);
    const report = page.url().split('#')[0]!;
    // the test result of the markup term, found in the report's own data
    const suites = (await (
      await page.request.get(new URL('data/suites.json', report).href)
    ).json()) as Node;
    const leaves: Node[] = [];
    const walk = (node: Node): void => {
      if (node.children) node.children.forEach(walk);
      else leaves.push(node);
    };
    walk(suites);
    const hostile = leaves.find((leaf) => (leaf.parameters ?? []).includes(HOSTILE));
    assert.ok(hostile, `a test result with the term as a parameter among ${leaves.length}`);
    await page.goto(`${report}#testresult/${hostile.uid}`);
    await page.getByText(HOSTILE, { exact: true }).first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.deepEqual(dialogs, []);
  });
});
