// Integration (real Chromium + chromedriver, canary and vendor server on loopback): the lab firmware filters as planted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { waitForCanaryRecord } from '../../src/canary/canary-client.ts';
import { CanaryServer } from '../../src/canary/canary-server.ts';
import {
  FIRMWARE_SETTINGS_FILE,
  prepareFirmwareExtension,
  type FirmwareSettings,
} from '../../src/lab/firmware-extension.ts';
import { VendorConfigServer } from '../../src/lab/vendor-server.ts';
import { InputError } from '../../src/errors.ts';
import { startLabChromium } from '../support/lab-chromium.ts';

const FILTERED_FIRMWARE = 'V12.5.4.0.RJDEUXM';
const CLEAN_FIRMWARE = 'V12.5.1.0.RJDEUXM';
const LIST = 'MiAdBlacklistConfig';
/** How long a page may take to load after submit. */
const NAVIGATION_MS = 5 * 1000;
/** How long a blocked query gets to (not) reach the canary. */
const BLOCK_WAIT_MS = 1500;
/** mask-late is planted at 800 ms; it must have masked well within this. */
const LATE_MASK_DEADLINE_MS = 3 * 1000;
/** Long enough for the planted 800 ms late mask to have shown, had it been switched on. */
const LATE_WINDOW_MS = 1500;
const POLL_MS = 50;

const dir = mkdtempSync(join(tmpdir(), 'cw-lab-firmware-'));
const firmwareDir = join(dir, 'firmware');
const canary = new CanaryServer();
const vendor = new VendorConfigServer(resolve('devices/lab/vendor'));
let canaryUrl = '';
let vendorUrl = '';
let browser: WebdriverIO.Browser | undefined;
let tokenSeq = 4100000;

interface Render {
  path: string;
  ready: DocumentReadyState;
  echo: string | null;
  title: string;
  body: string;
}

function session(): WebdriverIO.Browser {
  if (!browser) throw new Error('no browser session');
  return browser;
}

/** Rewrites the firmware's settings; the firmware reads them on every page load. */
function flashFirmware(firmware: string): void {
  const settings: FirmwareSettings = { vendorUrl, list: LIST, firmware, region: 'EU' };
  writeFileSync(join(firmwareDir, FIRMWARE_SETTINGS_FILE), JSON.stringify(settings));
}

/** Opens the canary, types `term` into the search field, submits; returns the token and echo. */
async function probe(term: string): Promise<{ token: string; echo: string }> {
  const b = session();
  const token = String(tokenSeq++);
  await b.url(`${canaryUrl}/?p=${token}`);
  const field = b.$('#cw-q');
  await field.waitForExist({ timeout: NAVIGATION_MS, interval: POLL_MS });
  await field.addValue(term);
  const echo = await b.execute(() => (document.querySelector('#cw-q') as HTMLInputElement).value);
  await b.$('#cw-submit').click();
  return { token, echo };
}

async function render(): Promise<Render> {
  return session().execute(() => ({
    path: location.pathname,
    ready: document.readyState,
    echo: document.querySelector('#cw-echo')?.textContent ?? null,
    title: document.title,
    body: (document.body?.textContent ?? '').trim(),
  }));
}

/** Waits until the results page is parsed (as the lab-browser adapter does); returns its first render. */
async function results(): Promise<Render> {
  let seen: Render | undefined;
  await session().waitUntil(
    async () => {
      seen = await render();
      return seen.path === '/search' && seen.ready !== 'loading';
    },
    { timeout: NAVIGATION_MS, interval: POLL_MS, timeoutMsg: 'the results page never loaded' },
  );
  return seen!;
}

async function probeAndRender(
  term: string,
): Promise<Render & { token: string; typed: string; egress: string | null }> {
  const { token, echo } = await probe(term);
  const shown = await results();
  const record = await waitForCanaryRecord(canaryUrl, token, NAVIGATION_MS);
  return { ...shown, token, typed: echo, egress: record?.q ?? null };
}

/** Watches the echo for `windowMs`; returns the first changed render, or null if it held. */
async function echoChangesWithin(windowMs: number): Promise<Render | null> {
  const first = await render();
  const until = Date.now() + windowMs;
  while (Date.now() < until) {
    const now = await render();
    if (now.echo !== first.echo) return now;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  return null;
}

const stars = (text: string) => '*'.repeat([...text].length);

describe('the lab vendor config server', () => {
  before(async () => {
    vendorUrl = await vendor.start();
  });

  test('sends the planted rules to the firmware whose switch is on', async () => {
    const response = await fetch(
      `${vendorUrl}/v1/config?list=${LIST}&firmware=${FILTERED_FIRMWARE}&region=EU`,
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const config = (await response.json()) as {
      list: string;
      enabled: boolean;
      rules: unknown[];
      revision: number;
    };
    assert.equal(config.list, LIST);
    assert.equal(config.enabled, true);
    assert.equal(config.rules.length, 13);
  });

  test('sends no rules to the clean firmware, or to one it does not know', async () => {
    for (const firmware of [CLEAN_FIRMWARE, 'V99']) {
      const response = await fetch(
        `${vendorUrl}/v1/config?list=${LIST}&firmware=${firmware}&region=EU`,
      );
      assert.deepEqual(await response.json(), {
        list: LIST,
        revision: 1,
        enabled: false,
        rules: [],
      });
    }
  });

  test('answers 404 for an unknown list', async () => {
    const response = await fetch(`${vendorUrl}/v1/config?list=Nope&firmware=${FILTERED_FIRMWARE}`);
    assert.equal(response.status, 404);
    assert.match(((await response.json()) as { error: string }).error, /unknown list "Nope"/);
  });

  test('refuses a replacement list with a bad action, naming the field', async () => {
    const response = await fetch(`${vendorUrl}/v1/lists/none`, {
      method: 'PUT',
      body: JSON.stringify({ name: 'none', rules: [{ action: 'shout', terms: ['a'] }] }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { field: string; error: string };
    assert.equal(body.field, 'rules[0].action');
    assert.equal(vendor.config('none', 'x')?.revision, 1, 'the list is unchanged');
  });
});

describe('prepareFirmwareExtension', () => {
  test('refuses a folder without a manifest, naming it', async () => {
    await assert.rejects(
      prepareFirmwareExtension({
        extensionDir: dir,
        outDir: join(dir, 'never'),
        settings: { vendorUrl: 'http://127.0.0.1:1', list: LIST, firmware: 'x', region: 'EU' },
      }),
      (error: unknown) =>
        error instanceof InputError &&
        error.code === 'E_DEVICE_PROFILE' &&
        error.message.includes(dir),
    );
  });
});

describe('the lab firmware in Chromium', { timeout: 2 * 60 * 1000 }, () => {
  before(async () => {
    canaryUrl = await canary.start();
    vendorUrl = await vendor.start();
    await prepareFirmwareExtension({
      extensionDir: resolve('src/lab/firmware/extension'),
      outDir: firmwareDir,
      settings: { vendorUrl, list: LIST, firmware: FILTERED_FIRMWARE, region: 'EU' },
    });
    browser = await startLabChromium({
      extensionDir: firmwareDir,
      profileDir: join(dir, 'profile'),
    });
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    await Promise.allSettled([canary.stop(), vendor.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('leaves a benign control intact on every channel', async () => {
    const seen = await probeAndRender('Warm bread');
    assert.deepEqual(
      [seen.typed, seen.egress, seen.echo],
      ['Warm bread', 'Warm bread', 'Warm bread'],
    );
  });

  test('masks a term with one asterisk per character where it is rendered, not in what left', async () => {
    const seen = await probeAndRender('Free Tibet');
    assert.equal(seen.echo, '**********');
    assert.equal(seen.title, '********** - Search');
    assert.match(seen.body, /About 3 results for \*{10}\./);
    assert.equal(seen.egress, 'Free Tibet');
    assert.equal(seen.typed, 'Free Tibet');
  });

  test('removes a term from the rendered page', async () => {
    const seen = await probeAndRender('民主运动');
    assert.equal(seen.echo, '');
    assert.ok(!seen.body.includes('民主运动'));
    assert.equal(seen.egress, '民主运动');
  });

  test('blocks a query: it never reaches the canary and the page stays', async () => {
    const { token, echo } = await probe('台湾独立万岁');
    assert.equal(echo, '台湾独立万岁');
    assert.equal(await waitForCanaryRecord(canaryUrl, token, BLOCK_WAIT_MS), null);
    const seen = await render();
    assert.equal(seen.path, '/');
    assert.ok(seen.body.includes(token), 'still the search page of this probe');
  });

  test('blocks a query submitted with Enter as well', async () => {
    const b = session();
    const token = String(tokenSeq++);
    await b.url(`${canaryUrl}/?p=${token}`);
    const field = b.$('#cw-q');
    await field.waitForExist({ timeout: NAVIGATION_MS, interval: POLL_MS });
    await field.addValue('台湾独立万岁');
    await b.keys('Enter');
    assert.equal(await waitForCanaryRecord(canaryUrl, token, BLOCK_WAIT_MS), null);
    assert.equal((await render()).path, '/');
    // the same path with a benign term does submit, so the Enter above really was stopped
    await field.clearValue();
    await field.addValue('Warm bread');
    await b.keys('Enter');
    assert.equal((await waitForCanaryRecord(canaryUrl, token, NAVIGATION_MS))?.q, 'Warm bread');
  });

  test('blanks a page that renders the term', async () => {
    const seen = await probeAndRender('Laisvę Tibetui');
    assert.equal(seen.body, '');
    assert.equal(seen.title, '');
    assert.equal(seen.egress, 'Laisvę Tibetui');
  });

  test('masks a term late: intact at the first read, masked about 800 ms later', async () => {
    const { token } = await probe('Democracy movement');
    const first = await results();
    const firstAt = Date.now();
    assert.equal(first.echo, 'Democracy movement');
    let last = first;
    await session().waitUntil(
      async () => {
        last = await render();
        return last.echo !== 'Democracy movement';
      },
      { timeout: LATE_MASK_DEADLINE_MS, interval: POLL_MS, timeoutMsg: 'never masked' },
    );
    assert.equal(last.echo, stars('Democracy movement'));
    assert.ok(Date.now() - firstAt > 200, 'masked after the first read, not at render');
    assert.equal(
      (await waitForCanaryRecord(canaryUrl, token, NAVIGATION_MS))?.q,
      'Democracy movement',
    );
  });

  test('masks a term as it is typed, so the field and what is sent are masked', async () => {
    const term = 'Long live Taiwan independence';
    const seen = await probeAndRender(term);
    assert.equal(seen.typed, stars(term));
    assert.equal(seen.egress, stars(term));
    assert.equal(seen.echo, stars(term));
  });

  test('masks part of a term, leaving its first characters visible', async () => {
    const seen = await probeAndRender('Voice of America');
    assert.equal(seen.echo, 'Voice **********');
    assert.equal(seen.egress, 'Voice of America');
  });

  test('alters a term into other words where it is rendered', async () => {
    const seen = await probeAndRender('臺灣獨立');
    assert.equal(seen.echo, '中國臺灣');
    assert.equal(seen.egress, '臺灣獨立');
  });

  test('alters a term by one letter: a Lithuanian diacritic stripped', async () => {
    const term = 'Tegyvuoja Taivano nepriklausomybė';
    const seen = await probeAndRender(term);
    assert.equal(seen.echo, 'Tegyvuoja Taivano nepriklausomybe');
    assert.equal(seen.egress, term);
  });

  test('masks a combination only when both parts are present', async () => {
    const both = await probeAndRender('西藏 獨立');
    assert.equal(both.echo, '** **');
    assert.equal(both.egress, '西藏 獨立');
    const tibet = await probeAndRender('西藏');
    assert.equal(tibet.echo, '西藏');
    const independence = await probeAndRender('獨立');
    assert.equal(independence.echo, '獨立');
  });

  test('leaves everything intact on the firmware whose switch is off', async () => {
    flashFirmware(CLEAN_FIRMWARE);
    try {
      for (const term of [
        'Free Tibet',
        '民主运动',
        'Laisvę Tibetui',
        'Long live Taiwan independence',
        '西藏 獨立',
        '台湾独立万岁',
      ]) {
        const seen = await probeAndRender(term);
        assert.deepEqual([seen.typed, seen.egress, seen.echo], [term, term, term], term);
      }
      const { token } = await probe('Democracy movement');
      const first = await results();
      assert.equal(first.echo, 'Democracy movement');
      assert.equal(await echoChangesWithin(LATE_WINDOW_MS), null, 'no late mask either');
      assert.equal((await waitForCanaryRecord(canaryUrl, token, 0))?.q, 'Democracy movement');
    } finally {
      flashFirmware(FILTERED_FIRMWARE);
    }
  });

  test('follows a list replaced at runtime on the next page load (drift)', async () => {
    const before = await probeAndRender('西藏自由');
    assert.equal(before.echo, '西藏自由');

    const response = await fetch(`${vendorUrl}/v1/lists/${LIST}`, {
      method: 'PUT',
      body: JSON.stringify({
        name: LIST,
        switch: { [FILTERED_FIRMWARE]: 'on' },
        rules: [{ action: 'mask', terms: ['西藏自由'] }],
      }),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { revision: number }).revision, 2);

    const after = await probeAndRender('西藏自由');
    assert.equal(after.echo, stars('西藏自由'));
    const dropped = await probeAndRender('Free Tibet');
    assert.equal(dropped.echo, 'Free Tibet');
  });

  test('alters late, and a rule with a limit fires on that many page loads only', async () => {
    vendor.setList({
      name: LIST,
      switch: { [FILTERED_FIRMWARE]: true },
      rules: [
        { action: 'alter', terms: ['June Fourth'], replacement: 'June 4', delayMs: 300 },
        { action: 'mask', terms: ['Hong Kong protests'], limit: 1 },
      ],
    });
    await probe('June Fourth');
    assert.equal((await results()).echo, 'June Fourth');
    const late = await echoChangesWithin(LATE_MASK_DEADLINE_MS);
    assert.equal(late?.echo, 'June 4');

    const first = await probeAndRender('Hong Kong protests');
    assert.equal(first.echo, stars('Hong Kong protests'));
    const second = await probeAndRender('Hong Kong protests');
    assert.equal(second.echo, 'Hong Kong protests', 'the limit of one page load was used up');
  });
});
