import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firmwareVersionOf } from '../../../src/discovery/firmware-version.ts';

describe("a build's display version", () => {
  test("is the vendor's incremental, or the build id of a Pixel's bare build number", () => {
    assert.equal(
      firmwareVersionOf({
        incremental: 'V12.5.4.0.RJDEUXM',
        fingerprint:
          'Xiaomi/apollo_eea/apollo:11/RKQ1.200419.002/V12.5.4.0.RJDEUXM:user/release-keys',
      }),
      'V12.5.4.0.RJDEUXM',
    );
    assert.equal(
      firmwareVersionOf({
        incremental: '8672226',
        fingerprint: 'google/redfin/redfin:12/SQ3A.220705.003.A1/8672226:user/release-keys',
      }),
      'SQ3A.220705.003.A1',
    );
    assert.equal(firmwareVersionOf({ incremental: '8672226', fingerprint: 'garbage' }), '8672226');
  });
});
