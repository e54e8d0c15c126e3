import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labAdbProfile } from '../../../src/lab/adb-phone/adb-phone-profiles.ts';
import {
  applyFirmwareUpdate,
  buildDateText,
  parseFingerprint,
} from '../../../src/lab/adb-phone/firmware-update.ts';

const HYPEROS = labAdbProfile('xiaomi-13t-hyperos1').props;
const NEXT =
  'Xiaomi/aristotle_eea/aristotle:14/UP1A.231005.007/OS1.0.9.0.UMFEUXM:user/release-keys';

describe('parseFingerprint', () => {
  test('splits brand/product/device:release/id/incremental:type/tags', () => {
    assert.deepEqual(
      parseFingerprint('google/redfin/redfin:14/UP1A.231105.001/10817346:user/release-keys'),
      {
        brand: 'google',
        product: 'redfin',
        device: 'redfin',
        release: '14',
        buildId: 'UP1A.231105.001',
        incremental: '10817346',
        type: 'user',
        tags: 'release-keys',
      },
    );
  });

  test('refuses anything else and says what it expected', () => {
    assert.throws(
      () => parseFingerprint('V12.5.4.0.RJDEUXM'),
      /Expected `fingerprint` as brand\/product/,
    );
  });
});

describe('applyFirmwareUpdate', () => {
  test('sets the fingerprint, incremental and build id of every partition', () => {
    const props = applyFirmwareUpdate(HYPEROS, { fingerprint: NEXT });
    for (const partition of ['', 'system.', 'vendor.', 'product.', 'odm.', 'bootimage.']) {
      assert.equal(props[`ro.${partition}build.fingerprint`], NEXT, partition);
      assert.equal(
        props[`ro.${partition}build.version.incremental`],
        'OS1.0.9.0.UMFEUXM',
        partition,
      );
      assert.equal(props[`ro.${partition}build.id`], 'UP1A.231005.007', partition);
    }
    assert.equal(
      props['ro.build.description'],
      'aristotle_eea-user 14 UP1A.231005.007 OS1.0.9.0.UMFEUXM release-keys',
    );
    assert.equal(props['ro.build.display.id'], 'UP1A.231005.007');
  });

  test('vendor props that repeated the old incremental follow it; the others stay', () => {
    const props = applyFirmwareUpdate(HYPEROS, { fingerprint: NEXT });
    assert.equal(props['ro.mi.os.version.incremental'], 'OS1.0.9.0.UMFEUXM');
    assert.equal(props['ro.mi.os.version.name'], 'OS1.0');
    assert.equal(props['ro.product.model'], '2306EPN60G');
  });

  test('a major update changes release, SDK, patch, date and the vendor props given', () => {
    const props = applyFirmwareUpdate(HYPEROS, {
      fingerprint:
        'Xiaomi/aristotle_eea/aristotle:15/AP3A.240905.015.A2/OS2.0.3.0.VMFEUXM:user/release-keys',
      sdk: 35,
      securityPatch: '2024-12-01',
      buildDateUtc: 1733900000,
      props: { 'ro.mi.os.version.name': 'OS2.0', 'ro.mi.os.version.code': '2' },
    });
    assert.equal(props['ro.build.version.release'], '15');
    assert.equal(props['ro.system.build.version.release'], '15');
    assert.equal(props['ro.build.version.release_or_codename'], '15');
    assert.equal(props['ro.build.version.sdk'], '35');
    assert.equal(props['ro.vendor.build.version.sdk'], '35');
    assert.equal(props['ro.build.version.security_patch'], '2024-12-01');
    assert.equal(props['ro.vendor.build.security_patch'], '2024-12-01');
    assert.equal(props['ro.build.date.utc'], '1733900000');
    assert.equal(props['ro.build.date'], buildDateText(1733900000));
    assert.equal(props['ro.mi.os.version.name'], 'OS2.0');
    assert.equal(props['ro.miui.ui.version.code'], '816', 'a prop the update does not name stays');
  });

  test('an incremental that contradicts the fingerprint is refused', () => {
    assert.throws(
      () => applyFirmwareUpdate(HYPEROS, { fingerprint: NEXT, incremental: 'OS1.0.8.0.UMFEUXM' }),
      /Expected `incremental` to match the fingerprint's \(OS1\.0\.9\.0\.UMFEUXM\)/,
    );
  });

  test('leaves its input as it was', () => {
    applyFirmwareUpdate(HYPEROS, { fingerprint: NEXT });
    assert.equal(HYPEROS['ro.build.version.incremental'], 'OS1.0.5.0.UMFEUXM');
  });
});

describe('buildDateText', () => {
  test('prints the date the way `date` does in a build', () => {
    assert.equal(buildDateText(1627895752), 'Mon Aug  2 09:15:52 UTC 2021');
  });
});
