import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { firmwareKeyOf } from '../../../src/devices/device-profile.ts';
import {
  loadDeviceProfile,
  loadDeviceProfiles,
} from '../../../src/devices/load-device-profiles.ts';
import { InputError } from '../../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-devices-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const PROFILE = `id: lab-test
manufacturer: Xiaomi
model: Mi 10T 5G
firmware:
  fingerprint: Xiaomi/apollo_eea/apollo:11/x/V1:user/release-keys
  version: V1
region: EU
locale: en-GB
lab:
  viewport: { width: 393, height: 873, deviceScaleFactor: 2.75 }
  userAgent: Mozilla/5.0 test
  firmware: {}
targets:
  - app: lab-browser
    kind: browser
`;

function profile(name: string, text: string, folder = dir): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe('device profiles', () => {
  test('load the shipped lab phones: two Mi 10T 5G firmwares and a reference of another vendor', () => {
    const devices = loadDeviceProfiles('devices');
    const keys = devices.map(firmwareKeyOf);
    assert.ok(keys.includes('Xiaomi Mi 10T 5G / V12.5.1.0.RJDEUXM'));
    assert.ok(keys.includes('Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM'));
    assert.ok(devices.some((d) => d.manufacturer !== 'Xiaomi' && d.lab));
  });

  test('default the input path to key events and Appium to the lab', () => {
    const device = loadDeviceProfile(profile('ok.yaml', PROFILE));
    assert.equal(device.targets[0]!.inputPath, 'key-events');
    assert.equal(device.appium.url, 'lab');
    assert.equal(device.extensionDir, null);
  });

  test('name the file and field of a bad viewport', () => {
    const path = profile('bad-viewport.yaml', PROFILE.replace('width: 393', 'width: -1'));
    assert.throws(
      () => loadDeviceProfile(path),
      (e: unknown) =>
        e instanceof InputError &&
        e.code === 'E_DEVICE_PROFILE' &&
        e.field === 'lab.viewport.width' &&
        e.message.startsWith(path),
    );
  });

  test('refuse an unknown field rather than ignore a typo', () => {
    const path = profile('typo.yaml', PROFILE.replace('region: EU', 'regoin: EU'));
    assert.throws(
      () => loadDeviceProfile(path),
      (e: unknown) => e instanceof InputError && /region|regoin/.test(e.field ?? ''),
    );
  });

  test('refuse an extension directory without manifest.json', () => {
    const path = profile(
      'no-ext.yaml',
      PROFILE.replace('firmware: {}', 'firmware: { extension: ./nowhere }'),
    );
    assert.throws(
      () => loadDeviceProfile(path),
      (e: unknown) => e instanceof InputError && e.field === 'lab.firmware.extension',
    );
  });

  test('accept any extension directory that holds a manifest', () => {
    const ext = join(dir, 'my-firmware');
    mkdirSync(ext, { recursive: true });
    writeFileSync(join(ext, 'manifest.json'), '{"manifest_version":3,"name":"x","version":"1"}');
    const device = loadDeviceProfile(
      profile(
        'ext.yaml',
        PROFILE.replace('firmware: {}', 'firmware: { extension: ./my-firmware }'),
      ),
    );
    assert.equal(device.extensionDir, ext);
  });

  test('refuse a reference to a device without a profile', () => {
    const folder = join(dir, 'ref');
    profile('a.yaml', PROFILE.replace('region: EU', 'region: EU\nreference: ghost'), folder);
    assert.throws(
      () => loadDeviceProfiles(folder),
      (e: unknown) => e instanceof InputError && e.field === 'reference',
    );
  });

  test('refuse two profiles with one id', () => {
    const folder = join(dir, 'dup');
    profile('a.yaml', PROFILE, folder);
    profile('b.yaml', PROFILE, folder);
    assert.throws(() => loadDeviceProfiles(folder), /repeats "lab-test"/);
  });

  describe('phone messenger accounts', () => {
    const PHONE = `id: phone-a
manufacturer: Xiaomi
model: Redmi Note 13
firmware: { fingerprint: 'Redmi/x/y:14/UKQ1/V816:user/release-keys', version: V816.0.5 }
region: EU
locale: lt-LT
appium:
  url: http://127.0.0.1:4723
  capabilities: { platformName: Android, 'appium:automationName': UiAutomator2, 'appium:udid': A1 }
targets:
  - app: android-chrome
    kind: browser
  - app: whatsapp
    kind: messenger
    account: '+37060000001'
    peer:
      account: '+37060000002'
      appium: { url: 'http://127.0.0.1:4724', capabilities: { 'appium:udid': B2 } }
`;
    const refused = (name: string, text: string, field: string, message: RegExp) => {
      const path = profile(name, text);
      assert.throws(
        () => loadDeviceProfile(path),
        (e: unknown) =>
          e instanceof InputError &&
          e.file === path &&
          e.field === field &&
          message.test(e.message),
      );
    };

    test('load a phone messenger with its account and peer phone', () => {
      const whatsapp = loadDeviceProfile(profile('phone.yaml', PHONE)).targets[1]!;
      assert.equal(whatsapp.account, '+37060000001');
      assert.equal(whatsapp.peer?.appium.url, 'http://127.0.0.1:4724');
    });

    test('name the field of an address the app cannot open a chat with', () => {
      refused(
        'bad-peer.yaml',
        PHONE.replace("account: '+37060000002'", "account: '+3706; reboot'"),
        'targets[1].peer.account',
        /whatsapp account address "\+3706; reboot" is not a phone number in E\.164 form/,
      );
      refused(
        'bad-own.yaml',
        PHONE.replace("account: '+37060000001'", 'account: "@lab_phone"'),
        'targets[1].account',
        /not a phone number/,
      );
    });

    test('require the account and a peer phone', () => {
      refused(
        'no-account.yaml',
        PHONE.replace("    account: '+37060000001'\n", ''),
        'targets[1].account',
        /needs this phone's own account/,
      );
      refused(
        'no-peer.yaml',
        PHONE.slice(0, PHONE.indexOf('    peer:')),
        'targets[1].peer',
        /needs a peer phone/,
      );
      refused(
        'peer-no-appium.yaml',
        PHONE.replace(/\n      appium: .*\n/, '\n'),
        'targets[1].peer.appium',
        /.+/,
      );
    });

    test('refuse accounts on targets the lab provisions or that have no chat', () => {
      refused(
        'browser-account.yaml',
        PHONE.replace('    kind: browser\n', "    kind: browser\n    account: '+37060000001'\n"),
        'targets[0].account',
        /only phone messengers/,
      );
    });
  });
});
