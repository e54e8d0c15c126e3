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
});
