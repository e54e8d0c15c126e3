import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { phoneCapabilities } from '../../../src/sessions/phone-session-provider.ts';

describe('phone capabilities', () => {
  test("a phone's session gets its serial as udid and host ports of its own", async () => {
    const device = {
      serial: 'R5CR10ABCDE',
      appium: { url: 'http://127.0.0.1:4723', capabilities: { 'appium:systemPort': 8201 } },
    };
    const one = await phoneCapabilities(device);
    assert.equal(one['appium:udid'], 'R5CR10ABCDE');
    assert.equal(one['appium:systemPort'], 8201, "the profile's own port stands");
    for (const name of ['appium:chromedriverPort', 'appium:mjpegServerPort']) {
      assert.equal(typeof one[name], 'number', name);
    }
    assert.notEqual(one['appium:chromedriverPort'], one['appium:mjpegServerPort']);
  });

  test('a phone without a serial keeps the udid its capabilities name', async () => {
    const capabilities = await phoneCapabilities({
      appium: { url: 'http://127.0.0.1:4723', capabilities: { 'appium:udid': 'emulator-5554' } },
    });
    assert.equal(capabilities['appium:udid'], 'emulator-5554');
  });
});
