import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PACKAGE_NAME } from '../../../src/discovery/package-name.ts';
import {
  DEFAULT_PACKAGES,
  packagesOfTarget,
  TARGET_PACKAGES,
} from '../../../src/discovery/target-packages.ts';
import { knownTargetApps } from '../../../src/targets/target-table.ts';

describe('the packages of the target apps', () => {
  test("are each phone app's package, as its selector table names it", () => {
    assert.deepEqual(
      TARGET_PACKAGES.map((t) => [t.app, t.kind, t.packageName]),
      [
        ['android-chrome', 'browser', 'com.android.chrome'],
        ['mi-browser', 'browser', 'com.mi.globalbrowser'],
        ['telegram', 'messenger', 'org.telegram.messenger'],
        ['whatsapp', 'messenger', 'com.whatsapp'],
        ['signal', 'messenger', 'org.thoughtcrime.securesms'],
        ['google-messages', 'messenger', 'com.google.android.apps.messaging'],
      ],
    );
  });

  test('cover every app of the target table but the lab ones, and pass the package whitelist', () => {
    const phoneApps = knownTargetApps().filter((app) => !app.startsWith('lab-'));
    assert.deepEqual(TARGET_PACKAGES.map((t) => t.app).sort(), phoneApps.sort());
    assert.ok(DEFAULT_PACKAGES.every((name) => PACKAGE_NAME.test(name)));
  });

  test("give a target its app's package, and a lab app none", () => {
    assert.deepEqual(packagesOfTarget('whatsapp'), ['com.whatsapp']);
    assert.deepEqual(packagesOfTarget('lab-browser'), []);
  });
});
