import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceFactsSchema } from '../../../src/discovery/device-facts.ts';
import { readDevice } from '../../../src/discovery/read-device.ts';
import { InputError } from '../../../src/errors.ts';
import { FakeAdbClient, type Answer } from './fake-adb-client.ts';
import { fixture } from './discovery-fixtures.ts';

const XIAOMI: Record<string, Answer> = {
  getprop: fixture('getprop-xiaomi-miui.txt'),
  'dumpsys battery': fixture('dumpsys-battery-android-14.txt'),
  'dumpsys power': fixture('dumpsys-power-android-14-awake.txt'),
  'dumpsys window': fixture('dumpsys-window-android-13-unlocked.txt'),
  'dumpsys package com.android.chrome': fixture('dumpsys-package-chrome-updated.txt'),
  'dumpsys package org.telegram.messenger': fixture('dumpsys-package-not-installed-android-13.txt'),
};
const APPS = ['com.android.chrome', 'org.telegram.messenger'];

describe('reading one phone', () => {
  test('gives every field of a ready Xiaomi, in the JSON shape of `censorwatch devices`', async () => {
    const client = new FakeAdbClient(XIAOMI);
    const facts = await readDevice(client, 'a1b2c3d4', 'device', { apps: APPS });
    assert.deepEqual(deviceFactsSchema.parse(facts), facts);
    assert.deepEqual(facts, {
      serial: 'a1b2c3d4',
      state: 'device',
      manufacturer: 'Xiaomi',
      brand: 'Redmi',
      model: 'M2101K6G',
      product: 'sweet_eea',
      device: 'sweet',
      fingerprint: 'Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys',
      incremental: 'V12.5.6.0.RKFEUXM',
      buildId: 'RKQ1.200826.002',
      displayId: 'RKQ1.200826.002 release-keys',
      release: '11',
      sdk: 30,
      vendorUi: { name: 'MIUI', version: '12.5' },
      region: 'DE',
      locale: 'de-DE',
      battery: { level: 67, charging: true },
      screen: { on: true, locked: false },
      apps: { 'com.android.chrome': '121.0.6167.164', 'org.telegram.messenger': null },
      errors: {},
    });
  });

  test('runs getprop once, the three dumps and one dumpsys package per app, and closes every stream', async () => {
    const client = new FakeAdbClient(XIAOMI);
    await readDevice(client, 'a1b2c3d4', 'device', { apps: [...APPS, 'com.android.chrome'] });
    assert.deepEqual([...client.ran].sort(), [
      'dumpsys battery',
      'dumpsys package com.android.chrome',
      'dumpsys package org.telegram.messenger',
      'dumpsys power',
      'dumpsys window',
      'getprop',
    ]);
    assert.equal(client.unclosed, 0);
  });

  test('reads nothing of an unauthorized phone and says how to authorise it, field by field', async () => {
    const client = new FakeAdbClient(XIAOMI);
    const facts = await readDevice(client, 'a1b2c3d4', 'unauthorized', { apps: APPS });
    assert.deepEqual(client.ran, []);
    assert.equal(facts.manufacturer, null);
    assert.equal(facts.battery, null);
    assert.deepEqual(facts.apps, {});
    const reason = 'adb reports the phone unauthorized: accept the RSA key prompt on the phone';
    assert.equal(facts.errors['fingerprint'], reason);
    assert.equal(facts.errors['screen'], reason);
    assert.equal(facts.errors['apps.org.telegram.messenger'], reason);
    assert.deepEqual(deviceFactsSchema.parse(facts), facts);
  });

  test('says what other adb states mean', async () => {
    const client = new FakeAdbClient({});
    const offline = await readDevice(client, 's', 'offline', { apps: [] });
    assert.match(offline.errors['model']!, /^adb reports the phone offline: unplug and replug it/);
    const usb = await readDevice(
      client,
      's',
      'no permissions (missing udev rules? user is in the plugdev group)',
      { apps: [] },
    );
    assert.match(usb.errors['model']!, /^adb cannot open the phone's USB device/);
    const odd = await readDevice(client, 's', 'sideways', { apps: [] });
    assert.equal(odd.errors['model'], 'adb reports the phone in state "sideways", not device');
  });

  test('records a command that hangs past its deadline under the fields it feeds, and reads the rest', async () => {
    const client = new FakeAdbClient({ ...XIAOMI, 'dumpsys window': 'hangs' });
    const facts = await readDevice(client, 'a1b2c3d4', 'device', { apps: APPS, timeoutMs: 50 });
    assert.equal(facts.screen, null);
    assert.equal(facts.errors['screen'], '`dumpsys window` gave no answer within 0.05 s');
    assert.deepEqual(facts.battery, { level: 67, charging: true });
    assert.equal(client.unclosed, 0, 'the hung stream is closed');
  });

  test('records a failed getprop under every prop field, and a failed app under that app', async () => {
    const client = new FakeAdbClient({
      ...XIAOMI,
      getprop: { fails: 'closed' },
      'dumpsys package org.telegram.messenger': "Can't find service: package",
    });
    const facts = await readDevice(client, 'a1b2c3d4', 'device', { apps: APPS });
    assert.equal(facts.fingerprint, null);
    assert.equal(facts.errors['fingerprint'], '`getprop` failed: closed');
    assert.equal(facts.errors['vendorUi'], '`getprop` failed: closed');
    assert.equal('org.telegram.messenger' in facts.apps, false);
    assert.match(facts.errors['apps.org.telegram.messenger']!, /printed no package dump/);
    assert.equal(facts.apps['com.android.chrome'], '121.0.6167.164');
  });

  test('joins both reasons when the screen is unread twice over', async () => {
    const client = new FakeAdbClient({ ...XIAOMI, 'dumpsys power': '', 'dumpsys window': '' });
    const facts = await readDevice(client, 'a1b2c3d4', 'device', { apps: [] });
    assert.equal(
      facts.errors['screen'],
      'dumpsys power printed no `mWakefulness=` line: ""; dumpsys window printed none of KeyguardStateMonitor mIsShowing, mKeyguardShowing, KeyguardServiceDelegate showing, isStatusBarKeyguard, mShowingLockscreen, mDreamingLockscreen: ""',
    );
  });

  test('refuses an app that is not a package name before anything runs on the phone', async () => {
    const client = new FakeAdbClient(XIAOMI);
    for (const app of ['com.whatsapp; reboot', 'whatsapp', '$(id).x', 'com.whats app', '']) {
      await assert.rejects(
        readDevice(client, 'a1b2c3d4', 'device', { apps: ['com.android.chrome', app] }),
        (error: unknown) =>
          error instanceof InputError &&
          error.code === 'E_CONFIG' &&
          error.field === 'apps[1]' &&
          error.message.endsWith(`got ${JSON.stringify(app)}`),
      );
    }
    assert.deepEqual(client.ran, []);
  });
});
