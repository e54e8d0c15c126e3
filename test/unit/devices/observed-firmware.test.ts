import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { observedFirmware } from '../../../src/devices/observed-firmware.ts';

const mi10t = {
  manufacturer: 'Xiaomi',
  model: 'Mi 10T 5G',
  firmware: {
    fingerprint: 'Xiaomi/apollo_eea/apollo:11/RKQ1.200826.002/V12.5.4.0.RJDEUXM:user/release-keys',
    version: 'V12.5.4.0.RJDEUXM',
  },
};

describe('observed firmware', () => {
  test("a phone on its profile's build files its results under the profile's key", () => {
    const seen = observedFirmware(mi10t, {
      fingerprint: mi10t.firmware.fingerprint,
      incremental: 'V12.5.4.0.RJDEUXM',
    });
    assert.equal(seen.changed, false);
    assert.equal(seen.firmwareKey, 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM');
  });

  test('a phone that took an update files its results under the build it runs', () => {
    const seen = observedFirmware(mi10t, {
      fingerprint:
        'Xiaomi/apollo_eea/apollo:12/SKQ1.211006.001/V13.0.2.0.SJDEUXM:user/release-keys',
      incremental: 'V13.0.2.0.SJDEUXM',
    });
    assert.equal(seen.changed, true);
    assert.equal(seen.firmwareKey, 'Xiaomi Mi 10T 5G / V13.0.2.0.SJDEUXM');
    assert.equal(seen.profileKey, 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM');
  });

  test("a Pixel that took an update is named by its fingerprint's build id", () => {
    const pixel = {
      manufacturer: 'Google',
      model: 'Pixel 5',
      firmware: {
        fingerprint: 'google/redfin/redfin:12/SQ3A.220705.003.A1/8672226:user/release-keys',
        version: 'SQ3A.220705.003.A1',
      },
    };
    const seen = observedFirmware(pixel, {
      fingerprint: 'google/redfin/redfin:14/UP1A.231105.001/10817346:user/release-keys',
      incremental: '10817346',
    });
    assert.equal(seen.firmwareKey, 'Google Pixel 5 / UP1A.231105.001');
  });
});
