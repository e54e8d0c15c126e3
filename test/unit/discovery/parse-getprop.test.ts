import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseGetprop, propValue } from '../../../src/discovery/parse-getprop.ts';
import { fixture } from './discovery-fixtures.ts';

const parsed = (output: string) => {
  const result = parseGetprop(output);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.value;
};

describe('getprop output', () => {
  test('becomes a map of every property of a phone, values exactly as printed', () => {
    const { props, skipped } = parsed(fixture('getprop-xiaomi-miui.txt'));
    assert.equal(props.size, 40);
    assert.deepEqual(skipped, []);
    assert.equal(
      props.get('ro.build.fingerprint'),
      'Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys',
    );
    assert.equal(props.get('gsm.operator.alpha'), 'vodafone DE,');
    assert.equal(props.get('net.dns1'), 'fe80::1%wlan0');
  });

  test('keeps brackets, colons and the `]: [` separator inside a value', () => {
    const { props } = parsed(
      '[persist.a]: [[x]: [y]]\n[persist.b]: [key:value, list=[1,2]]\n[persist.c]: [ padded ]\n',
    );
    assert.equal(props.get('persist.a'), '[x]: [y]');
    assert.equal(props.get('persist.b'), 'key:value, list=[1,2]');
    assert.equal(props.get('persist.c'), ' padded ');
  });

  test('reads a value that runs over several lines up to its closing bracket', () => {
    const { props } = parsed(fixture('getprop-pixel.txt'));
    assert.equal(
      props.get('persist.sys.boot.reason.history'),
      'reboot,userrequested,1707400210\nreboot,ota,1707311522\nshutdown,battery,1706999000',
    );
    assert.equal(props.get('persist.sys.locale'), 'en-GB');
  });

  test('trims the CR of old adb before each line end, and only that', () => {
    const { props, skipped } = parsed(fixture('getprop-samsung-android-4-crlf.txt'));
    assert.equal(props.get('ro.build.version.release'), '4.4.2');
    assert.equal(props.get('ro.product.model'), 'GT-I9505');
    assert.deepEqual(skipped, []);
    assert.equal(parsed('[a.b]: [c]\r\r\n').props.get('a.b'), 'c');
  });

  test('keeps an empty value, which reads as unset', () => {
    const { props } = parsed(fixture('getprop-pixel.txt'));
    assert.equal(props.get('persist.sys.boot.reason'), '');
    assert.equal(propValue(props, 'persist.sys.boot.reason'), undefined);
    assert.equal(propValue(props, 'ro.no.such.prop'), undefined);
  });

  test('sets aside lines of no entry, a cut-off entry and a repeated name, and reads the rest', () => {
    const { props, skipped } = parsed(
      'WARNING: linker: unused DT entry\n[a.one]: [1]\n[a.one]: [again]\n[a.two]: [cut off',
    );
    assert.deepEqual([...props], [['a.one', '1']]);
    assert.deepEqual(skipped, [
      'WARNING: linker: unused DT entry',
      '[a.one]: [again]',
      '[a.two]: [cut off',
    ]);
  });

  test('says it could not read output with no property line, quoting what came', () => {
    for (const output of ['', '/system/bin/sh: getprop: not found', 'error: closed']) {
      const result = parseGetprop(output);
      assert.equal(result.ok, false);
      assert.match(
        result.ok ? '' : result.reason,
        /^getprop printed no `\[name\]: \[value\]` line: "/,
      );
    }
  });
});
