import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDumpsysPackage } from '../../../src/discovery/parse-dumpsys-package.ts';
import { fixture } from './discovery-fixtures.ts';

describe('dumpsys package', () => {
  test('reads the installed version of an updated system app, not its factory copy', () => {
    assert.deepEqual(
      parseDumpsysPackage(fixture('dumpsys-package-chrome-updated.txt'), 'com.android.chrome'),
      {
        ok: true,
        value: { installed: true, versionName: '121.0.6167.164' },
      },
    );
  });

  test('keeps a versionName exactly as printed, spaces and brackets too', () => {
    assert.deepEqual(
      parseDumpsysPackage(
        fixture('dumpsys-package-messages.txt'),
        'com.google.android.apps.messaging',
      ),
      {
        ok: true,
        value: { installed: true, versionName: 'messages.android_20240201_00_RC00.phone_dynamic' },
      },
    );
    const store =
      'Packages:\n  Package [com.android.vending] (70a7174):\n    versionName=39.5.15-29 [0] [PR] 601523117\n';
    assert.deepEqual(parseDumpsysPackage(store, 'com.android.vending'), {
      ok: true,
      value: { installed: true, versionName: '39.5.15-29 [0] [PR] 601523117' },
    });
  });

  test('says a package is not installed when Android says it cannot find it (Android 11+)', () => {
    assert.deepEqual(
      parseDumpsysPackage(
        fixture('dumpsys-package-not-installed-android-13.txt'),
        'org.telegram.messenger',
      ),
      { ok: true, value: { installed: false } },
    );
  });

  test('says a package is not installed when its dump has no block for it (Android 10 and earlier)', () => {
    assert.deepEqual(
      parseDumpsysPackage(fixture('dumpsys-package-not-installed-android-9.txt'), 'com.whatsapp'),
      {
        ok: true,
        value: { installed: false },
      },
    );
  });

  test('does not take another package whose name starts the same', () => {
    const business =
      'Packages:\n  Package [com.whatsapp.w4b] (1f2e3d4):\n    versionName=2.24.2.76\n';
    assert.deepEqual(parseDumpsysPackage(business, 'com.whatsapp'), {
      ok: true,
      value: { installed: false },
    });
  });

  test('reads versionName=null as a package that declares no version', () => {
    const dump =
      'Packages:\n  Package [com.example.tests] (1a2b3c):\n    versionCode=1 minSdk=21 targetSdk=34\n    versionName=null\n';
    assert.deepEqual(parseDumpsysPackage(dump, 'com.example.tests'), {
      ok: true,
      value: { installed: true, versionName: null },
    });
  });

  test('says it could not read a block without versionName, or output that is no package dump', () => {
    const noVersion =
      'Packages:\n  Package [com.whatsapp] (1a2b3c):\n    userId=10200\nHidden system packages:\n    versionName=1.0\n';
    assert.deepEqual(parseDumpsysPackage(noVersion, 'com.whatsapp'), {
      ok: false,
      reason: 'dumpsys package com.whatsapp printed its block without a `versionName=` line',
    });
    assert.deepEqual(parseDumpsysPackage("Can't find service: package", 'com.whatsapp'), {
      ok: false,
      reason:
        'dumpsys package com.whatsapp printed no package dump: "Can\'t find service: package"',
    });
    assert.equal(parseDumpsysPackage('', 'com.whatsapp').ok, false);
  });
});
