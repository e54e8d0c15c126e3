import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ProbeFault } from '../../../src/errors.ts';
import {
  AndroidBrowserTarget,
  type AndroidBrowserOptions,
} from '../../../src/targets/android-browser.ts';
import type { UiNode } from '../../../src/targets/ui-hierarchy.ts';
import { FAKE_SCREENSHOT, FakeNativePhone } from '../../support/fake-native-phone.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/ui/${name}.xml`, import.meta.url), 'utf8');

/** The keyboard's window (the hierarchy's second child) of an ime fixture. */
const keyboardWindowOf = (name: string): string => {
  const xml = readFileSync(new URL(`../../fixtures/ui/ime/${name}.xml`, import.meta.url), 'utf8');
  return xml.slice(
    xml.indexOf('  <android.widget.FrameLayout index="1"'),
    xml.lastIndexOf('</hierarchy>'),
  );
};

const CANARY = { canaryUrl: 'http://127.0.0.1:8123', token: '40917' };
const FAST = { openDeadlineMs: 300, pollMs: 5 };

interface FakeScript {
  /** Screens shown after the deep link, in order; the last one stays. */
  afterDeepLink: string[];
  /** Screens shown after the search button or Enter, in order; the last one stays. */
  afterSubmit?: string[];
}

/** A phone showing Chrome: a deep link opens the canary's screens, the search button or Enter submits. */
class FakePhone extends FakeNativePhone {
  readonly #script: FakeScript;

  /** Until a deep link, the phone already shows the `afterDeepLink` screens (for tests that only read). */
  constructor(script: FakeScript) {
    super({
      typedMarker: 'hint="Search the canary"',
      activity: 'org.chromium.chrome.browser.ChromeTabbedActivity',
    });
    this.#script = script;
    this.screens =
      script.afterDeepLink.length > 0 ? [...script.afterDeepLink] : [fixture('chrome-blank')];
  }

  protected onExecute(script: string, args: Record<string, unknown>): void {
    if (script === 'mobile: deepLink') {
      this.typed = '';
      this.screens = [...this.#script.afterDeepLink];
    } else if (script === 'mobile: pressKey' && args['keycode'] === 66) {
      this.#submit();
    }
  }

  protected onTap(node: UiNode): void {
    if (node.className === 'android.widget.Button') this.#submit();
  }

  #submit(): void {
    this.focused = false;
    this.screens = [...(this.#script.afterSubmit ?? [this.screens[0]!])];
  }
}

function chromeOn(script: FakeScript, options: Partial<AndroidBrowserOptions> = {}) {
  const phone = new FakePhone(script);
  const target = new AndroidBrowserTarget(phone.asBrowser(), {
    app: 'android-chrome',
    ...FAST,
    ...options,
  });
  return { phone, target };
}

const isFault = (code: string, pattern?: RegExp) => (error: unknown) =>
  error instanceof ProbeFault && error.code === code && (!pattern || pattern.test(error.message));

const withoutLines = (xml: string, marker: string): string =>
  xml
    .split('\n')
    .filter((line) => !line.includes(marker))
    .join('\n');

describe('AndroidBrowserTarget.open', () => {
  test('deep-links the canary URL with the probe token into the app and waits for the search field', async () => {
    const { phone, target } = chromeOn({
      afterDeepLink: [fixture('chrome-blank'), fixture('chrome-blank'), fixture('chrome-search')],
    });
    await target.open(CANARY);
    assert.deepEqual(phone.commands('execute')[0], [
      'mobile: deepLink',
      { url: 'http://127.0.0.1:8123/?p=40917', package: 'com.android.chrome' },
    ]);
    assert.ok(
      phone.commands('getPageSource').length >= 3,
      'kept reading until the search page showed',
    );
    assert.equal(await target.readEcho(), '', 'the hint shown in an empty field is not an echo');
  });

  test('gives up with E_CANARY_UNREACHABLE when the browser shows an error page', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-error')] });
    await assert.rejects(
      target.open(CANARY),
      isFault('E_CANARY_UNREACHABLE', /ERR_CONNECTION_REFUSED/),
    );
  });

  test('says the selectors are out of date when a page loaded but no search field matches', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-results')] });
    await assert.rejects(target.open(CANARY), isFault('E_SELECTOR_MISSING', /cw-q/));
  });

  test('times out when the page never shows, within the open deadline', async () => {
    const { target } = chromeOn(
      { afterDeepLink: [fixture('chrome-blank')] },
      { openDeadlineMs: 100 },
    );
    const started = Date.now();
    await assert.rejects(target.open(CANARY), isFault('E_TIMEOUT'));
    assert.ok(Date.now() - started < 1000);
  });
});

describe('AndroidBrowserTarget.enterText', () => {
  test('declares set-text, key-events and ime as its input paths', () => {
    assert.deepEqual(chromeOn({ afterDeepLink: [] }).target.inputPaths, [
      'set-text',
      'key-events',
      'ime',
    ]);
  });

  test('types by set-text through the element value of the WebView search field', async () => {
    const { phone, target } = chromeOn({ afterDeepLink: [fixture('chrome-search')] });
    await target.open(CANARY);
    await target.enterText('Free Tibet', 'set-text');
    assert.deepEqual(phone.commands('setValue'), [
      ['//android.webkit.WebView//*[@resource-id="cw-q"]', 'Free Tibet'],
    ]);
    assert.equal(phone.commands('performActions').length, 0);
    assert.equal(await target.readEcho(), 'Free Tibet');
  });

  test('types by key-events as one key per code point into the focused field, emoji included', async () => {
    const { phone, target } = chromeOn({ afterDeepLink: [fixture('chrome-search')] });
    await target.open(CANARY);
    await target.enterText('自由 🏔', 'key-events');
    assert.equal(phone.commands('setValue').length, 0, 'no set-text on the key-events path');
    const [[actions]] = phone.commands('performActions') as [
      [{ actions: { type: string; value: string }[] }[]],
    ];
    assert.deepEqual(
      actions[0]!.actions.filter((a) => a.type === 'keyDown').map((a) => a.value),
      ['自', '由', ' ', '🏔'],
    );
    assert.equal(phone.commands('releaseActions').length, 1);
    assert.equal(await target.readEcho(), '自由 🏔');
  });

  test('the ime path on a keyboard that is not Gboard is input-unsupported, and nothing is typed', async () => {
    const withSwiftKey = fixture('chrome-search').replace(
      '</hierarchy>',
      `${keyboardWindowOf('swiftkey-letters')}</hierarchy>`,
    );
    const { phone, target } = chromeOn({ afterDeepLink: [withSwiftKey] });
    await target.open(CANARY);
    await assert.rejects(
      target.enterText('x', 'ime'),
      isFault('E_INPUT_UNSUPPORTED', /com\.touchtype\.swiftkey/),
    );
    assert.equal(phone.commands('performActions').length, 0);
  });

  test('refuses to type before open() found the field', async () => {
    const { target } = chromeOn({ afterDeepLink: [] });
    await assert.rejects(target.enterText('x', 'set-text'), isFault('E_SESSION', /open\(\)/));
  });
});

describe('AndroidBrowserTarget.submit', () => {
  test('presses the search button and waits for the results', async () => {
    const { phone, target } = chromeOn({
      afterDeepLink: [fixture('chrome-search')],
      afterSubmit: [fixture('chrome-search'), fixture('chrome-blank'), fixture('chrome-results')],
    });
    await target.open(CANARY);
    await target.enterText('Free Tibet', 'set-text');
    const outcome = await target.submit(2000);
    assert.deepEqual(phone.commands('click'), [
      ['//android.webkit.WebView//*[@resource-id="cw-submit"]'],
    ]);
    assert.equal(outcome.movedOn, true);
    assert.equal(outcome.location, '127.0.0.1:8123/search?p=40917');
    assert.equal(
      (await target.readRender()).text,
      'Free Tibet',
      'waited past the blank in-between screen',
    );
  });

  test('presses Enter (keycode 66) when no search button matches', async () => {
    const noButton = withoutLines(fixture('chrome-search'), 'android.widget.Button');
    const { phone, target } = chromeOn({
      afterDeepLink: [noButton],
      afterSubmit: [fixture('chrome-results')],
    });
    await target.open(CANARY);
    const outcome = await target.submit(2000);
    assert.deepEqual(phone.commands('execute').at(-1), ['mobile: pressKey', { keycode: 66 }]);
    assert.equal(outcome.movedOn, true);
  });

  test('reports movedOn false when the page stayed until the deadline', async () => {
    const { target } = chromeOn({
      afterDeepLink: [fixture('chrome-search')],
      afterSubmit: [fixture('chrome-search')],
    });
    await target.open(CANARY);
    const outcome = await target.submit(150);
    assert.equal(outcome.movedOn, false);
    assert.ok(outcome.elapsedMs >= 140 && outcome.elapsedMs < 1000, `${outcome.elapsedMs} ms`);
    assert.equal(outcome.location, '127.0.0.1:8123/?p=40917');
  });

  test('counts a page that went blank and stayed blank as moved on, so the oracle can call it blank', async () => {
    const { target } = chromeOn({
      afterDeepLink: [fixture('chrome-search')],
      afterSubmit: [fixture('chrome-blank')],
    });
    await target.open(CANARY);
    assert.equal((await target.submit(2000)).movedOn, true);
    const render = await target.readRender();
    assert.deepEqual([render.text, render.pageText], [null, '']);
  });

  test('counts an error page after submit as moved on', async () => {
    const { target } = chromeOn({
      afterDeepLink: [fixture('chrome-search')],
      afterSubmit: [fixture('chrome-error')],
    });
    await target.open(CANARY);
    assert.equal((await target.submit(2000)).movedOn, true);
  });
});

describe('AndroidBrowserTarget.readRender', () => {
  test('reads the echo, the page text and the address bar of the results page', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-results')] });
    const render = await target.readRender();
    assert.equal(render.text, 'Free Tibet');
    assert.equal(
      render.pageText,
      'censorwatch canary\nResults\nYou searched for:\nFree Tibet\nNo results for this query.',
    );
    assert.equal(render.location, '127.0.0.1:8123/search?p=40917');
    assert.ok(Math.abs(render.at - Date.now()) < 1000);
  });

  test('reads the masked term as the page shows it', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-results-masked')] });
    assert.equal((await target.readRender()).text, 'Free *****');
  });

  test('reads no echo and the error text on an error page', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-error')] });
    const render = await target.readRender();
    assert.equal(render.text, null);
    assert.match(render.pageText, /This site can’t be reached/);
    assert.match(render.pageText, /ERR_CONNECTION_REFUSED/);
  });

  test('falls back to the foreground activity when the address bar is hidden', async () => {
    const hidden = withoutLines(fixture('chrome-results'), 'com.android.chrome:id/url_bar');
    const { target } = chromeOn({ afterDeepLink: [hidden] });
    assert.equal(
      (await target.readRender()).location,
      'activity:org.chromium.chrome.browser.ChromeTabbedActivity',
    );
  });
});

describe('AndroidBrowserTarget evidence and faults', () => {
  test('captures the screenshot as PNG bytes and the hierarchy XML', async () => {
    const { target } = chromeOn({ afterDeepLink: [fixture('chrome-results-masked')] });
    const evidence = await target.captureEvidence();
    assert.deepEqual(evidence.screenshotPng, FAKE_SCREENSHOT);
    assert.equal(evidence.dom, fixture('chrome-results-masked'));
  });

  test('turns a driver failure into a ProbeFault that keeps the original as its cause', async () => {
    const { phone, target } = chromeOn({ afterDeepLink: [fixture('chrome-results')] });
    const lost = Object.assign(new Error('A session is either terminated or not started'), {
      name: 'invalid session id',
    });
    phone.failNext = lost;
    await assert.rejects(target.readRender(), (error: unknown) => {
      return isFault('E_DEVICE_LOST')(error) && (error as ProbeFault).cause === lost;
    });
  });

  test('refuses an app without selectors when the adapter is made', () => {
    assert.throws(
      () =>
        new AndroidBrowserTarget(new FakePhone({ afterDeepLink: [] }).asBrowser(), {
          app: 'opera',
        }),
      /no phone selectors/,
    );
  });
});

describe('AndroidBrowserTarget on Mi Browser', () => {
  const miOn = (appVersion: string) => {
    const phone = new FakePhone({
      afterDeepLink: [fixture('mi-browser-search')],
      afterSubmit: [fixture('mi-browser-search')],
    });
    const target = new AndroidBrowserTarget(phone.asBrowser(), {
      app: 'mi-browser',
      appVersion,
      ...FAST,
    });
    return { phone, target };
  };

  test('finds the field, the button and the address bar through the fallback selectors', async () => {
    const { phone, target } = miOn('14.5.6-gn');
    await target.open(CANARY);
    assert.deepEqual(phone.commands('execute')[0], [
      'mobile: deepLink',
      { url: 'http://127.0.0.1:8123/?p=40917', package: 'com.mi.globalbrowser' },
    ]);
    await target.enterText('Free Tibet', 'set-text');
    assert.deepEqual(phone.commands('setValue')[0], [
      '//*[contains(@class,"WebView")]//android.widget.EditText',
      'Free Tibet',
    ]);
    assert.equal(await target.readEcho(), 'Free Tibet');
    const outcome = await target.submit(60);
    assert.deepEqual(phone.commands('click'), [
      ['//*[contains(@class,"WebView")]//android.widget.Button'],
    ]);
    assert.equal(
      outcome.location,
      '127.0.0.1:8123/?p=40917',
      'address bar read through its url_address fallback',
    );
  });

  test('uses the selectors of the installed version: an old release knows only the `url` id', async () => {
    const { target } = miOn('12.1.4');
    await target.open(CANARY);
    assert.match((await target.readRender()).location, /^activity:/);
  });
});
