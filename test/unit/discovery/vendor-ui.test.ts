import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { vendorUiOf } from '../../../src/discovery/vendor-ui.ts';
import { props } from './discovery-fixtures.ts';

const ui = (entries: Record<string, string>) => vendorUiOf(props(entries));
const version = (entries: Record<string, string>) => {
  const reading = ui(entries);
  assert.ok(reading.ok && reading.value, reading.ok ? 'stock' : reading.reason);
  return `${reading.value.name} ${reading.value.version}`;
};

describe('the vendor UI of a phone', () => {
  test('numbers MIUI from ro.miui.ui.version.name: V125 is 12.5, V130 is 13, V14 is 14', () => {
    const miui = (name: string) => version({ 'ro.miui.ui.version.name': name });
    assert.equal(miui('V125'), 'MIUI 12.5');
    assert.equal(miui('V130'), 'MIUI 13');
    assert.equal(miui('V140'), 'MIUI 14');
    assert.equal(miui('V14'), 'MIUI 14');
    assert.equal(miui('V12'), 'MIUI 12');
    assert.equal(miui('V9'), 'MIUI 9');
  });

  test('takes HyperOS (OS1.0) over the MIUI prop HyperOS keeps', () => {
    assert.equal(
      version({ 'ro.mi.os.version.name': 'OS1.0', 'ro.miui.ui.version.name': 'V816' }),
      'HyperOS 1.0',
    );
    assert.equal(version({ 'ro.mi.os.version.name': 'OS2.0' }), 'HyperOS 2.0');
  });

  test('numbers One UI from its code: 40100 is 4.1, 50000 is 5.0, 60101 is 6.1.1', () => {
    const oneUi = (code: string) => version({ 'ro.build.version.oneui': code });
    assert.equal(oneUi('40100'), 'One UI 4.1');
    assert.equal(oneUi('50000'), 'One UI 5.0');
    assert.equal(oneUi('60101'), 'One UI 6.1.1');
    assert.equal(oneUi('80000'), 'One UI 8.0');
  });

  test('reads EMUI, and HarmonyOS where its marker is set beside the EMUI prop', () => {
    assert.equal(version({ 'ro.build.version.emui': 'EmotionUI_12.0.0' }), 'EMUI 12.0.0');
    assert.equal(version({ 'ro.build.version.emui': 'EmotionUI_3.0' }), 'EMUI 3.0');
    assert.equal(
      version({
        'ro.build.version.emui': 'EmotionUI_13.0.0',
        'ro.build.ohos.devicetype': 'phone',
        'hw_sc.build.platform.version': '3.0.0',
      }),
      'HarmonyOS 3.0.0',
    );
  });

  test('tells OxygenOS from ColorOS on the shared base by brand and region', () => {
    assert.equal(version({ 'ro.oxygen.version': '5.0.1' }), 'OxygenOS 5.0.1');
    assert.equal(version({ 'ro.rom.version': 'Oxygen OS 10.5.1.IN21BA' }), 'OxygenOS 10.5.1');
    const base = { 'ro.build.version.oplusrom': 'V12', 'ro.product.brand': 'OnePlus' };
    assert.equal(version({ ...base, 'ro.vendor.oplus.regionmark': 'IN' }), 'OxygenOS 12');
    assert.equal(version({ ...base, 'ro.vendor.oplus.regionmark': 'CN' }), 'ColorOS 12');
    assert.equal(version({ ...base, 'ro.product.brand': 'OPPO' }), 'ColorOS 12');
    assert.equal(version({ 'ro.build.version.opporom': 'V7.1' }), 'ColorOS 7.1');
    assert.equal(
      version({ 'ro.build.version.realmeui': 'V5.0', 'ro.build.version.oplusrom': 'V14.0.0' }),
      'realme UI 5.0',
    );
  });

  test("reads vivo's and Honor's", () => {
    assert.equal(version({ 'ro.vivo.os.build.display.id': 'OriginOS 4' }), 'OriginOS 4');
    assert.equal(version({ 'ro.vivo.os.build.display.id': 'Funtouch OS_10' }), 'Funtouch OS 10');
    assert.equal(version({ 'ro.vivo.os.build.display.id': 'Funtouch 0S_2.5' }), 'Funtouch OS 2.5');
    assert.equal(version({ 'msc.config.magic.version': '9.0' }), 'MagicOS 9.0');
    assert.equal(
      version({
        'ro.build.version.emui': 'EmotionUI_12.0.0',
        'ro.build.version.magic': 'MagicUI_4.0.0',
      }),
      'EMUI 12.0.0',
    );
    assert.equal(
      version({
        'ro.build.version.magic': 'MagicUI_6.1.0',
        'ro.build.version.emui': 'MagicUI_6.1.0',
      }),
      'MagicUI 6.1.0',
    );
  });

  test('is null (stock Android) when no vendor prop is set on a brand that ships stock', () => {
    assert.deepEqual(ui({ 'ro.product.brand': 'google' }), { ok: true, value: null });
    assert.deepEqual(ui({ 'ro.product.brand': 'Xiaomi' }), { ok: true, value: null });
  });

  test('never guesses: a vendor prop in an unknown form, or a brand that never ships stock, is unread', () => {
    assert.deepEqual(ui({ 'ro.miui.ui.version.name': 'V816' }), {
      ok: false,
      reason: 'ro.miui.ui.version.name is "V816": not a MIUI version in a known form',
    });
    assert.deepEqual(ui({ 'ro.build.version.oneui': 'x' }), {
      ok: false,
      reason: 'ro.build.version.oneui is "x": not a One UI version in a known form',
    });
    assert.deepEqual(ui({ 'ro.build.ohos.devicetype': 'phone' }), {
      ok: false,
      reason: 'ro.build.ohos.devicetype marks HarmonyOS, but hw_sc.build.platform.version is unset',
    });
    assert.deepEqual(ui({ 'ro.rom.version': 'H2OS V3.5' }), {
      ok: false,
      reason: 'ro.rom.version="H2OS V3.5" names no vendor UI this reader knows',
    });
    const samsung = ui({ 'ro.product.brand': 'samsung' });
    assert.equal(samsung.ok, false);
  });
});
