import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { factsFromProps } from '../../../src/discovery/facts-from-props.ts';
import { props, propsOf } from './discovery-fixtures.ts';

describe('the getprop fields of a phone', () => {
  test('of a Xiaomi on MIUI 12.5 (EEA)', () => {
    const { fields, errors } = factsFromProps(propsOf('xiaomi-miui'));
    assert.deepEqual(fields, {
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
    });
    assert.deepEqual(errors, {});
  });

  test('of a Xiaomi on HyperOS, which keeps a MIUI version prop beside its own', () => {
    const { fields, errors } = factsFromProps(propsOf('xiaomi-hyperos'));
    assert.deepEqual(fields.vendorUi, { name: 'HyperOS', version: '1.0' });
    assert.equal(fields.incremental, 'OS1.0.6.0.UMFEUXM');
    assert.equal(fields.region, 'ES');
    assert.equal(fields.locale, 'es-ES');
    assert.equal(fields.sdk, 34);
    assert.deepEqual(errors, {});
  });

  test('of a Pixel on stock Android: no vendor UI, its region from the factory locale', () => {
    const { fields, errors } = factsFromProps(propsOf('pixel'));
    assert.equal(fields.vendorUi, null);
    assert.equal(fields.manufacturer, 'Google');
    assert.equal(fields.model, 'Pixel 7');
    assert.equal(fields.incremental, '11269751');
    assert.equal(fields.buildId, 'UQ1A.240205.004');
    assert.equal(fields.region, 'US');
    assert.deepEqual(errors, {});
  });

  test('of a Huawei on EMUI 12', () => {
    const { fields } = factsFromProps(propsOf('huawei-emui'));
    assert.deepEqual(fields.vendorUi, { name: 'EMUI', version: '12.0.0' });
    assert.equal(fields.manufacturer, 'HUAWEI');
    assert.equal(fields.displayId, 'VOG-L29 12.0.0.168(C432E4R3P1)');
    assert.equal(fields.locale, 'fr-FR');
  });

  test('of a Samsung on One UI 6.1.1, its region from the CSC', () => {
    const { fields, errors } = factsFromProps(propsOf('samsung-oneui'));
    assert.deepEqual(fields.vendorUi, { name: 'One UI', version: '6.1.1' });
    assert.equal(fields.region, 'DE');
    assert.equal(fields.incremental, 'S911BXXS3CXD1');
    assert.deepEqual(errors, {});
  });

  test('of a OnePlus on OxygenOS 14, which prints the ColorOS base version', () => {
    const { fields } = factsFromProps(propsOf('oneplus-oxygenos'));
    assert.deepEqual(fields.vendorUi, { name: 'OxygenOS', version: '14.0.0' });
    assert.equal(fields.region, 'EUEX');
  });

  test('of an Android 4.4 Samsung over old adb: locale and region from the pre-5.0 props', () => {
    const { fields, errors } = factsFromProps(propsOf('samsung-android-4-crlf'));
    assert.equal(fields.locale, 'de-DE');
    assert.equal(fields.region, 'GB');
    assert.equal(fields.sdk, 19);
    assert.equal(fields.vendorUi, null);
    assert.match(
      errors.vendorUi!,
      /^a samsung phone that prints none of ro\.mi\.os\.version\.name, /,
    );
  });

  test('takes ro.product.<x> from the partition Android itself takes it from when unset', () => {
    const { fields, errors } = factsFromProps(
      props({ 'ro.product.vendor.model': 'M2012K11AG', 'ro.product.system.model': 'qssi' }),
    );
    assert.equal(fields.model, 'M2012K11AG');
    assert.equal(errors.manufacturer, 'ro.product.manufacturer is unset');
  });

  test('names each prop it could not read, and refuses an sdk that is no API level', () => {
    const { fields, errors } = factsFromProps(props({ 'ro.build.version.sdk': 'S' }));
    assert.equal(fields.fingerprint, null);
    assert.equal(errors.fingerprint, 'ro.build.fingerprint is unset');
    assert.equal(errors.sdk, 'ro.build.version.sdk is "S", not an API level');
    assert.equal(
      errors.locale,
      'none of persist.sys.locale, persist.sys.language+persist.sys.country, ro.product.locale, ro.product.locale.language+ro.product.locale.region is set',
    );
  });
});
