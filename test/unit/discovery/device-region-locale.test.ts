import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localeOf } from '../../../src/discovery/device-locale.ts';
import { regionOf } from '../../../src/discovery/device-region.ts';
import { props } from './discovery-fixtures.ts';

describe("a phone's region", () => {
  test('is the first set prop of the table, as printed', () => {
    assert.deepEqual(regionOf(props({ 'ro.miui.region': 'CN', 'ro.boot.hwc': 'CN' })), {
      ok: true,
      value: 'CN',
    });
    assert.deepEqual(regionOf(props({ 'ro.boot.hwc': 'GLOBAL' })), { ok: true, value: 'GLOBAL' });
    assert.deepEqual(
      regionOf(props({ 'ro.csc.countryiso_code': 'DE', 'ro.product.locale.region': 'US' })),
      {
        ok: true,
        value: 'DE',
      },
    );
  });

  test('falls back to the region of the factory locale, the only one a stock Pixel sets', () => {
    assert.deepEqual(
      regionOf(props({ 'ro.product.locale': 'en-GB', 'persist.sys.locale': 'fr-FR' })),
      {
        ok: true,
        value: 'GB',
      },
    );
    assert.deepEqual(regionOf(props({ 'ro.product.locale': 'zh-Hans-CN' })), {
      ok: true,
      value: 'CN',
    });
    assert.equal(regionOf(props({ 'ro.product.locale': 'en' })).ok, false);
  });

  test('skips an empty prop, and is unread when none is set', () => {
    assert.deepEqual(
      regionOf(props({ 'ro.miui.region': '', 'ro.vendor.oplus.regionmark': 'IN' })),
      {
        ok: true,
        value: 'IN',
      },
    );
    assert.equal(regionOf(props({})).ok, false);
  });
});

describe("a phone's locale", () => {
  test("is the user's choice before the factory default", () => {
    assert.deepEqual(
      localeOf(props({ 'persist.sys.locale': 'pt-BR', 'ro.product.locale': 'en-US' })),
      {
        ok: true,
        value: 'pt-BR',
      },
    );
    assert.deepEqual(localeOf(props({ 'ro.product.locale': 'zh-Hans-CN' })), {
      ok: true,
      value: 'zh-Hans-CN',
    });
  });

  test('joins a language and a region prop of Android 6 and earlier', () => {
    assert.deepEqual(
      localeOf(
        props({
          'persist.sys.language': 'ru',
          'persist.sys.country': 'RU',
          'ro.product.locale': 'en-US',
        }),
      ),
      { ok: true, value: 'ru-RU' },
    );
    assert.deepEqual(
      localeOf(props({ 'ro.product.locale.language': 'en', 'ro.product.locale.region': 'GB' })),
      { ok: true, value: 'en-GB' },
    );
    assert.deepEqual(localeOf(props({ 'ro.product.locale.language': 'fr' })), {
      ok: true,
      value: 'fr',
    });
  });
});
