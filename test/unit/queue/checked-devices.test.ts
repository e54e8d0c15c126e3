import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceProfile } from '../../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../../src/devices/load-device-profiles.ts';
import { checkedDevices } from '../../../queue/targeted-check.ts';

const profiles = loadDeviceProfiles('devices');
const byId = (id: string): DeviceProfile => profiles.find((d) => d.id === id)!;
const browserOnly = (device: DeviceProfile): DeviceProfile => ({
  ...device,
  targets: device.targets.filter((t) => t.kind === 'browser'),
});
const appsOf = (devices: DeviceProfile[]) =>
  devices.map((d) => `${d.id}: ${d.targets.map((t) => t.app).join(',')}`);

test('a check brings the reference phone along, probing only the apps checked on the phone it refers to', () => {
  const mi = browserOnly(byId('lab-mi10t-eu-v12-5-4'));
  assert.deepEqual(appsOf(checkedDevices([mi], profiles)), [
    'lab-mi10t-eu-v12-5-4: lab-browser',
    'lab-pixel5: lab-browser',
  ]);
});

test('a reference phone chosen itself keeps every app it was chosen with', () => {
  const mi = browserOnly(byId('lab-mi10t-eu-v12-5-4'));
  const pixel = byId('lab-pixel5');
  assert.deepEqual(appsOf(checkedDevices([mi, pixel], profiles)), [
    'lab-mi10t-eu-v12-5-4: lab-browser',
    `lab-pixel5: ${pixel.targets.map((t) => t.app).join(',')}`,
  ]);
});

test('a reference phone with none of the checked apps stays out', () => {
  const mi = byId('lab-mi10t-eu-v12-5-4');
  const checked = { ...mi, targets: mi.targets.map((t) => ({ ...t, app: 'other-app' })) };
  assert.deepEqual(appsOf(checkedDevices([checked], profiles)), [
    'lab-mi10t-eu-v12-5-4: other-app,other-app',
  ]);
});
