// Unit tier: the adb server here is an in-process fake on a loopback port (no adb binary, no phone).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AdbServerNotRunningError } from '../../../src/discovery/adb-server-not-running-error.ts';
import { listDevices } from '../../../src/discovery/list-devices.ts';
import { InputError, ServiceError } from '../../../src/errors.ts';
import { freePort } from '../../../src/services/free-port.ts';
import { FakeAdbServer } from './fake-adb-server.ts';
import { fixture } from './discovery-fixtures.ts';

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('listing the phones of an adb server (a fake one on loopback)', () => {
  const server = new FakeAdbServer([
    {
      serial: 'R5CT20ABCDE',
      state: 'device',
      answers: {
        getprop: fixture('getprop-samsung-oneui.txt'),
        'dumpsys battery': fixture('dumpsys-battery-samsung-event-log.txt'),
        'dumpsys power': fixture('dumpsys-power-android-10-dozing.txt'),
        'dumpsys window': fixture('dumpsys-window-android-13-locked.txt'),
        'dumpsys package com.android.chrome': fixture('dumpsys-package-chrome-updated.txt'),
        'dumpsys package com.whatsapp': fixture('dumpsys-package-not-installed-android-9.txt'),
      },
    },
    { serial: '8B1X0Q2Z', state: 'unauthorized', answers: {} },
  ]);
  let port = 0;
  before(async () => {
    port = await server.start();
  });
  after(() => server.stop());

  test('reads every phone it lists, in serial order, an unauthorized one with its reason', async () => {
    const phones = await listDevices({ port, apps: ['com.android.chrome', 'com.whatsapp'] });
    assert.deepEqual(
      phones.map((p) => [p.serial, p.state]),
      [
        ['8B1X0Q2Z', 'unauthorized'],
        ['R5CT20ABCDE', 'device'],
      ],
    );
    const [unauthorized, samsung] = phones as [(typeof phones)[0], (typeof phones)[0]];
    assert.equal(
      unauthorized.errors['fingerprint'],
      'adb reports the phone unauthorized: accept the RSA key prompt on the phone',
    );
    assert.deepEqual(samsung.vendorUi, { name: 'One UI', version: '6.1.1' });
    assert.deepEqual(samsung.battery, { level: 31, charging: false });
    assert.deepEqual(samsung.screen, { on: false, locked: true });
    assert.deepEqual(samsung.apps, {
      'com.android.chrome': '121.0.6167.164',
      'com.whatsapp': null,
    });
    assert.deepEqual(samsung.errors, {});
    assert.ok(server.requests.includes('shell:dumpsys package com.whatsapp'));
    assert.ok(
      !server.requests.includes('host:transport:8B1X0Q2Z'),
      'the unauthorized phone is not asked',
    );
  });

  test('reads every target app by default', async () => {
    const [, samsung] = await listDevices({ port });
    assert.deepEqual(Object.keys(samsung!.apps).sort(), ['com.android.chrome', 'com.whatsapp']);
    assert.deepEqual(Object.keys(samsung!.errors).sort(), [
      'apps.com.google.android.apps.messaging',
      'apps.com.mi.globalbrowser',
      'apps.org.telegram.messenger',
      'apps.org.thoughtcrime.securesms',
    ]);
  });

  test('says no adb server is running, and how to start one, and starts none itself', async () => {
    const closed = await freePort();
    await assert.rejects(
      listDevices({ port: closed }),
      (error: unknown) =>
        error instanceof AdbServerNotRunningError &&
        error instanceof ServiceError &&
        error.code === 'E_SERVICE' &&
        error.port === closed &&
        error.message ===
          `no adb server is running on 127.0.0.1:${closed} (connection refused): start one with \`adb -P ${closed} start-server\`, or plug a phone in and run \`adb devices\``,
    );
    assert.equal(await refuses(closed), true);
  });

  test('refuses bad options before connecting', async () => {
    await assert.rejects(
      listDevices({ port: 70000 }),
      (error: unknown) => error instanceof InputError && error.field === 'port',
    );
    await assert.rejects(
      listDevices({ port, apps: ['com.whatsapp && reboot'] }),
      (error: unknown) => error instanceof InputError && error.field === 'apps[0]',
    );
  });
});
