import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ProbeFault } from '../../../src/errors.ts';
import { selectorsFor } from '../../../src/targets/selectors/app-selectors.ts';
import {
  detectErrorPage,
  findAll,
  findByClass,
  findByResourceId,
  findByText,
  findByXpath,
  findFirstOf,
  isBlank,
  parseHierarchy,
  textOf,
  toXpath,
  valueOf,
  visibleTexts,
  type UiHierarchy,
} from '../../../src/targets/ui-hierarchy.ts';

const fixture = (name: string): UiHierarchy =>
  parseHierarchy(readFileSync(new URL(`../../fixtures/ui/${name}.xml`, import.meta.url), 'utf8'));

const chrome = selectorsFor('android-chrome');
const webContentOf = (h: UiHierarchy) => {
  const found = findFirstOf(h, chrome.webContent);
  assert.ok(found, 'the fixture has web content');
  return found.node;
};

describe('parseHierarchy', () => {
  test('reads an Appium page source into nodes with class, resource-id, text and bounds', () => {
    const h = fixture('chrome-search');
    assert.equal(h.rotation, 0);
    const [urlBar] = findByResourceId(h, 'com.android.chrome:id/url_bar');
    assert.ok(urlBar);
    assert.equal(urlBar.className, 'android.widget.EditText');
    assert.equal(urlBar.text, '127.0.0.1:8123/?p=40917');
    assert.equal(urlBar.packageName, 'com.android.chrome');
    assert.deepEqual(urlBar.bounds, { left: 258, top: 108, right: 742, bottom: 218 });
    assert.equal(urlBar.parent?.resourceId, 'com.android.chrome:id/location_bar');
  });

  test('reads a uiautomator dump, where every element is a <node> carrying its class', () => {
    const h = parseHierarchy(
      `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation="1">` +
        `<node index="0" text="" resource-id="" class="android.widget.FrameLayout" package="p" bounds="[0,0][10,10]">` +
        `<node index="0" text="Hi" resource-id="p:id/t" class="android.widget.TextView" package="p" bounds="[0,0][5,5]"/>` +
        `</node></hierarchy>`,
    );
    assert.equal(h.rotation, 1);
    assert.deepEqual(
      findByClass(h, 'android.widget.TextView').map((n) => n.text),
      ['Hi'],
    );
    assert.equal(
      findByXpath(h, '//android.widget.FrameLayout/android.widget.TextView')[0]?.resourceId,
      'p:id/t',
    );
  });

  test('decodes character references in attribute values, so a term is read as typed', () => {
    const h = parseHierarchy(
      `<hierarchy><android.widget.TextView text="&lt;img src=x&gt; &amp; &quot;Tibet&quot; &#10;&#x4E60;" /></hierarchy>`,
    );
    assert.equal(findByClass(h, 'android.widget.TextView')[0]?.text, '<img src=x> & "Tibet" \n习');
  });

  test('refuses text that is not a UI hierarchy with a session fault', () => {
    for (const bad of [
      '',
      'not xml',
      '<hierarchy><a></b></hierarchy>',
      '<hierarchy><a>',
      '<a/><b/>',
    ]) {
      assert.throws(
        () => parseHierarchy(bad),
        (error: unknown) => error instanceof ProbeFault && error.code === 'E_SESSION',
        JSON.stringify(bad),
      );
    }
  });
});

describe('finding nodes', () => {
  const h = fixture('chrome-search');

  test('finds by resource-id, class and exact text', () => {
    assert.equal(findByResourceId(h, 'cw-q').length, 1);
    assert.deepEqual(
      findByClass(h, 'android.widget.EditText').map((n) => n.resourceId),
      ['cw-q', 'com.android.chrome:id/url_bar'],
      'document order',
    );
    assert.equal(findByText(h, 'Search')[0]?.resourceId, 'cw-submit');
    assert.deepEqual(findByText(h, 'Sear'), [], 'text is matched exactly');
  });

  test('scopes a locator to the node its `within` locator finds', () => {
    const inWebView = {
      className: 'android.widget.EditText',
      within: { className: 'android.webkit.WebView' },
    };
    assert.equal(toXpath(inWebView), '//android.webkit.WebView//android.widget.EditText');
    assert.deepEqual(
      findAll(h, inWebView).map((n) => n.resourceId),
      ['cw-q'],
    );
  });

  test('evaluates xpath-lite: child and descendant steps, contains, starts-with, and, position', () => {
    assert.equal(findByXpath(h, '/hierarchy/android.widget.FrameLayout').length, 1);
    assert.equal(
      findByXpath(h, '/android.widget.FrameLayout').length,
      0,
      'the first step is a child of the document',
    );
    assert.equal(
      findByXpath(h, '//*[contains(@resource-id,"url_")]')[0]?.text,
      '127.0.0.1:8123/?p=40917',
    );
    assert.equal(findByXpath(h, "//*[starts-with(@content-desc,'Switch')]").length, 1);
    assert.equal(
      findByXpath(h, '//android.widget.Button[@clickable="true" and @text="Search"]')[0]
        ?.resourceId,
      'cw-submit',
    );
    assert.deepEqual(
      findByXpath(h, '//*[@resource-id="cw-form"]/*[2]').map((n) => n.className),
      ['android.widget.Button'],
    );
    assert.equal(findByXpath(h, '//*[@hint]').length, 1, '[@attr] tests presence');
  });

  test('tries fallback candidates in order and says which one matched', () => {
    const found = findFirstOf(h, [{ resourceId: 'not-there' }, { text: 'censorwatch canary' }]);
    assert.deepEqual(found?.locator, { text: 'censorwatch canary' });
    assert.equal(findFirstOf(h, [{ resourceId: 'not-there' }]), null);
  });

  test('rejects xpath outside the supported subset instead of matching something else', () => {
    assert.throws(() => findByXpath(h, '//a[last()]'), ProbeFault);
    assert.throws(() => findByXpath(h, 'a/b'), ProbeFault);
  });

  test('quotes values for xpath and refuses ones holding both quote kinds', () => {
    assert.equal(toXpath({ text: `can't` }), `//*[@text="can't"]`);
    assert.equal(toXpath({ text: 'say "hi"' }), `//*[@text='say "hi"']`);
    assert.throws(() => toXpath({ text: `it's "x"` }), ProbeFault);
  });
});

describe('reading text', () => {
  test('reads the echo from the text leaf below the cw-echo node', () => {
    const echo = findByResourceId(fixture('chrome-results'), 'cw-echo')[0]!;
    assert.equal(echo.text, '', 'Chrome leaves the container without text');
    assert.equal(textOf(echo), 'Free Tibet');
    assert.equal(
      textOf(findByResourceId(fixture('chrome-results-masked'), 'cw-echo')[0]!),
      'Free *****',
    );
  });

  test('collects the web content text without the page title, the address bar or input values', () => {
    const texts = visibleTexts(webContentOf(fixture('chrome-search')));
    assert.deepEqual(texts, ['censorwatch canary', 'Search']);
    const results = visibleTexts(webContentOf(fixture('chrome-results')));
    assert.deepEqual(results, [
      'censorwatch canary',
      'Results',
      'You searched for:',
      'Free Tibet',
      'No results for this query.',
    ]);
  });

  test('leaves out nodes UiAutomator2 reports as not displayed or without area', () => {
    const h = parseHierarchy(
      `<hierarchy><android.webkit.WebView text="title">` +
        `<android.widget.TextView text="shown" bounds="[0,0][10,10]" displayed="true"/>` +
        `<android.widget.TextView text="hidden" bounds="[0,0][10,10]" displayed="false"/>` +
        `<android.widget.TextView text="empty box" bounds="[5,5][5,5]"/>` +
        `</android.webkit.WebView></hierarchy>`,
    );
    assert.deepEqual(visibleTexts(findByClass(h, 'android.webkit.WebView')[0]!), ['shown']);
  });

  test("reads an input's value as empty while Android shows its hint", () => {
    const field = findByResourceId(fixture('chrome-search'), 'cw-q')[0]!;
    assert.equal(field.text, 'Search the canary');
    assert.equal(valueOf(field), '');
  });
});

describe('blank and error pages', () => {
  test('calls a page without visible text blank, and pages with text not blank', () => {
    assert.equal(isBlank(webContentOf(fixture('chrome-blank'))), true);
    assert.equal(isBlank(webContentOf(fixture('chrome-results'))), false);
    assert.equal(isBlank(webContentOf(fixture('chrome-error'))), false);
  });

  test('treats zero-width characters alone as blank', () => {
    const h = parseHierarchy(
      `<hierarchy><android.webkit.WebView text="t"><android.widget.TextView text="&#x200B;&#xFEFF; " /></android.webkit.WebView></hierarchy>`,
    );
    assert.equal(isBlank(findByClass(h, 'android.webkit.WebView')[0]!), true);
  });

  test('recognises Chrome\'s "This site can\'t be reached" page and reads its error code', () => {
    const error = detectErrorPage(webContentOf(fixture('chrome-error')), chrome.errorPage);
    assert.deepEqual(error, { code: 'ERR_CONNECTION_REFUSED', marker: 'main-frame-error' });
  });

  test('recognises an error page by its text alone when no id is exposed', () => {
    const h = parseHierarchy(
      `<hierarchy><android.webkit.WebView text="x"><android.widget.TextView text="This site can't be reached" />` +
        `</android.webkit.WebView></hierarchy>`,
    );
    assert.deepEqual(
      detectErrorPage(findByClass(h, 'android.webkit.WebView')[0]!, chrome.errorPage),
      {
        code: null,
        marker: "This site can't be reached",
      },
    );
  });

  test('finds no error page on the canary pages or a blank page', () => {
    for (const name of [
      'chrome-search',
      'chrome-results',
      'chrome-results-masked',
      'chrome-blank',
    ]) {
      assert.equal(detectErrorPage(webContentOf(fixture(name)), chrome.errorPage), null, name);
    }
  });
});
