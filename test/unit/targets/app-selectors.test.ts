import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import {
  compareVersions,
  selectorsFor,
  versionNumbers,
  type AppSelectorTable,
} from '../../../src/targets/selectors/app-selectors.ts';

const BASE = {
  webContent: [{ className: 'android.webkit.WebView' }],
  searchField: [{ resourceId: 'cw-q' }],
  submitButton: [{ resourceId: 'cw-submit' }],
  echo: [{ resourceId: 'cw-echo' }],
  urlBar: [{ resourceId: 'app:id/url' }],
  errorPage: { resourceIds: [], textPatterns: [] },
};

const TABLES: Record<string, AppSelectorTable> = {
  demo: {
    app: 'demo',
    packageName: 'org.example.demo',
    // deliberately out of order: resolution must sort by version, not trust the file
    versions: [
      {
        fromVersion: '13.10',
        note: 'echo renamed',
        selectors: { echo: [{ resourceId: 'echo-2' }] },
      },
      { fromVersion: '0', note: 'base', selectors: BASE },
      {
        fromVersion: '13.2',
        note: 'url bar renamed',
        selectors: { urlBar: [{ resourceId: 'app:id/url_bar' }, { resourceId: 'app:id/url' }] },
      },
    ],
  },
  broken: {
    app: 'broken',
    packageName: 'org.example.broken',
    versions: [{ fromVersion: '0', note: 'incomplete', selectors: { echo: [] } }],
  },
};

describe('selectorsFor', () => {
  test('applies every entry up to the installed version, later ones overriding role by role', () => {
    const at = selectorsFor('demo', '13.5.1', TABLES);
    assert.equal(at.entryVersion, '13.2');
    assert.deepEqual(at.urlBar, [{ resourceId: 'app:id/url_bar' }, { resourceId: 'app:id/url' }]);
    assert.deepEqual(at.echo, [{ resourceId: 'cw-echo' }], 'the 13.10 entry is newer than 13.5.1');
    assert.deepEqual(at.searchField, BASE.searchField, 'roles no entry changed come from the base');
    assert.equal(at.packageName, 'org.example.demo');
  });

  test('compares versions as numbers, so 13.10 is newer than 13.2', () => {
    assert.equal(selectorsFor('demo', '13.10.0', TABLES).entryVersion, '13.10');
    assert.deepEqual(selectorsFor('demo', '13.10.0', TABLES).echo, [{ resourceId: 'echo-2' }]);
  });

  test('uses the newest entry when the profile gives no version', () => {
    assert.equal(selectorsFor('demo', undefined, TABLES).entryVersion, '13.10');
  });

  test('uses the first entry for a version older than every other entry', () => {
    const old = selectorsFor('demo', 'V12.9-gn', TABLES);
    assert.equal(old.entryVersion, '0');
    assert.deepEqual(old.urlBar, [{ resourceId: 'app:id/url' }]);
  });

  test('names the field when the app has no selectors, or its entries leave roles undefined', () => {
    assert.throws(
      () => selectorsFor('no-such-app', '1', TABLES),
      (error: unknown) =>
        error instanceof InputError &&
        error.field === 'targets[].app' &&
        /known: demo, broken/.test(error.message),
    );
    assert.throws(
      () => selectorsFor('broken', '1', TABLES),
      (error: unknown) => error instanceof InputError && /lack webContent/.test(error.message),
    );
  });

  test('resolves the shipped Chrome and Mi Browser tables, with the Mi address-bar fallbacks by version', () => {
    const chrome = selectorsFor('android-chrome', '120.0.6099.144');
    assert.equal(chrome.packageName, 'com.android.chrome');
    assert.deepEqual(chrome.urlBar, [{ resourceId: 'com.android.chrome:id/url_bar' }]);
    assert.equal(selectorsFor('mi-browser', '12.1.4').urlBar.length, 1);
    const mi = selectorsFor('mi-browser', '14.5.6-gn');
    assert.equal(mi.packageName, 'com.mi.globalbrowser');
    assert.deepEqual(
      mi.urlBar.map((l) => ('resourceId' in l ? l.resourceId : '')),
      [
        'com.mi.globalbrowser:id/url_bar',
        'com.mi.globalbrowser:id/url_address',
        'com.mi.globalbrowser:id/url',
      ],
    );
  });
});

describe('versionNumbers', () => {
  test('reads the dotted numbers of Chrome and Mi Browser version strings', () => {
    assert.deepEqual(versionNumbers('120.0.6099.144'), [120, 0, 6099, 144]);
    assert.deepEqual(versionNumbers('V14.5.6-gn'), [14, 5, 6]);
    assert.deepEqual(versionNumbers('beta'), []);
    assert.ok(compareVersions('13.10', '13.2') > 0);
    assert.equal(compareVersions('13.0', '13'), 0);
  });
});
