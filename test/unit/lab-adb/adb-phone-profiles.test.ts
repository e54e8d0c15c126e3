import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceBanner, withOverrides } from '../../../src/lab/adb-phone/adb-phone-profile.ts';
import { LAB_ADB_PROFILES, labAdbProfile } from '../../../src/lab/adb-phone/adb-phone-profiles.ts';
import { parseFingerprint } from '../../../src/lab/adb-phone/firmware-update.ts';
import { getpropListing } from '../../../src/lab/adb-phone/shell-fixtures.ts';

/** Properties every profile has, as real phones name them. */
const COMMON_PROPS = [
  'ro.build.fingerprint',
  'ro.build.version.incremental',
  'ro.build.version.release',
  'ro.build.version.sdk',
  'ro.build.id',
  'ro.serialno',
  'ro.product.brand',
  'ro.product.device',
  'ro.product.manufacturer',
  'ro.product.model',
  'ro.product.name',
  'ro.product.locale',
  'persist.sys.locale',
];

describe('LAB_ADB_PROFILES', () => {
  test('holds the five phones under distinct ids', () => {
    assert.deepEqual(
      LAB_ADB_PROFILES.map((profile) => profile.id),
      [
        'xiaomi-mi10t-miui12',
        'xiaomi-13t-hyperos1',
        'pixel5-android14',
        'huawei-p40pro-emui12',
        'samsung-s21-oneui41',
      ],
    );
  });

  for (const profile of LAB_ADB_PROFILES) {
    test(`${profile.id}: has the common properties and a fingerprint made of its own build props`, () => {
      for (const name of COMMON_PROPS) assert.ok(profile.props[name], `${profile.id} has ${name}`);
      const fingerprint = parseFingerprint(profile.props['ro.build.fingerprint']!);
      assert.equal(fingerprint.brand, profile.props['ro.product.brand']);
      assert.equal(fingerprint.product, profile.props['ro.product.name']);
      assert.equal(fingerprint.device, profile.props['ro.product.device']);
      assert.equal(fingerprint.release, profile.props['ro.build.version.release']);
      assert.equal(fingerprint.buildId, profile.props['ro.build.id']);
      assert.equal(fingerprint.incremental, profile.props['ro.build.version.incremental']);
    });

    test(`${profile.id}: its full getprop is longer than one 4 KiB stream write`, () => {
      assert.ok(getpropListing(profile.props).length > 4096);
    });
  }

  test('the vendor UIs are told apart by their own properties', () => {
    const props = (id: string) => labAdbProfile(id).props;
    assert.equal(props('xiaomi-mi10t-miui12')['ro.miui.ui.version.name'], 'V125');
    assert.equal(props('xiaomi-mi10t-miui12')['ro.product.manufacturer'], 'Xiaomi');
    assert.equal(props('xiaomi-13t-hyperos1')['ro.mi.os.version.name'], 'OS1.0');
    assert.match(
      props('xiaomi-13t-hyperos1')['ro.mi.os.version.incremental']!,
      /^OS1\.0\.\d+\.0\.UMFEUXM$/,
    );
    assert.equal(props('huawei-p40pro-emui12')['ro.build.version.emui'], 'EmotionUI_12.0.0');
    assert.equal(props('samsung-s21-oneui41')['ro.build.version.oneui'], '40100');
    assert.equal(props('samsung-s21-oneui41')['ro.product.manufacturer'], 'samsung');
    const pixel = props('pixel5-android14');
    assert.equal(pixel['ro.build.version.release'], '14');
    assert.ok(
      !Object.keys(pixel).some((name) => /miui|\.mi\.os|emui|oneui|huawei/.test(name)),
      'stock Android',
    );
  });

  test('the Xiaomi phones have the browsers and the messenger the harness probes', () => {
    for (const id of ['xiaomi-mi10t-miui12', 'xiaomi-13t-hyperos1']) {
      const names = labAdbProfile(id).packages.map((pkg) => pkg.name);
      for (const app of ['com.android.chrome', 'com.mi.globalbrowser', 'org.telegram.messenger']) {
        assert.ok(names.includes(app), `${id} has ${app}`);
      }
    }
  });

  test('labAdbProfile names the known ids when asked for another', () => {
    assert.throws(() => labAdbProfile('nokia-3310'), /xiaomi-mi10t-miui12, .*got "nokia-3310"/);
  });
});

describe('deviceBanner', () => {
  test('is the device:: banner of name, model and device, with the features listed', () => {
    assert.equal(
      deviceBanner(labAdbProfile('pixel5-android14').props, []),
      'device::ro.product.name=redfin;ro.product.model=Pixel 5;ro.product.device=redfin;features=',
    );
  });
});

describe('withOverrides', () => {
  test('makes the same phone on a custom fingerprint, its build props following', () => {
    const base = labAdbProfile('xiaomi-mi10t-miui12');
    const custom = withOverrides(base, {
      id: 'mi10t-custom',
      firmware: {
        fingerprint:
          'Xiaomi/apollo_eea/apollo:11/RKQ1.200419.002/V12.5.9.0.RJDEUXM:user/release-keys',
      },
      props: { 'ro.miui.region': 'DE', 'ro.fota.oem': null },
    });
    assert.equal(custom.id, 'mi10t-custom');
    assert.equal(custom.props['ro.build.version.incremental'], 'V12.5.9.0.RJDEUXM');
    assert.equal(custom.props['ro.miui.region'], 'DE');
    assert.ok(!('ro.fota.oem' in custom.props));
    assert.equal(
      base.props['ro.build.version.incremental'],
      'V12.5.4.0.RJDEUXM',
      'the base is untouched',
    );
    assert.equal(custom.packages, base.packages);
  });
});
