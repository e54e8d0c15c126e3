import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { firmwareSlug } from '../../../src/report/firmware-slug.ts';

describe('firmwareSlug', () => {
  test('turns a firmware key into a readable slug with `--` between model and version', () => {
    assert.equal(
      firmwareSlug('Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM'),
      'xiaomi-mi-10t-5g--v12-5-4-0-rjdeuxm',
    );
  });

  test('gives the same slug every time, so history stays in one folder', () => {
    const key = 'Huawei P40 / 10.1.0.176(C432E3R1P1)';
    assert.equal(firmwareSlug(key), firmwareSlug(key));
  });

  test('keeps only lowercase letters, digits and dashes', () => {
    for (const key of [
      'Huawei P40 / 10.1.0.176(C432E3R1P1)',
      '<img src=x onerror=alert(1)> / 1',
      'Čech Phone / 1.0',
      '小米 手机 / MIUI 14',
    ]) {
      assert.match(firmwareSlug(key), /^[a-z0-9]+(-{1,2}[a-z0-9]+)*$/, key);
    }
  });

  test('appends a hash when the key had characters a plain slug loses', () => {
    assert.match(firmwareSlug('Čech Phone / 1.0'), /^cech-phone--1-0-[0-9a-f]{8}$/);
    assert.notEqual(firmwareSlug('Mi 10 (EEA) / 1'), firmwareSlug('Mi 10 [EEA] / 1'));
  });

  test('gives distinct slugs to keys written in a script it cannot transliterate', () => {
    const a = firmwareSlug('小米 / 1');
    const b = firmwareSlug('华为 / 1');
    assert.notEqual(a, b);
    assert.match(firmwareSlug('小米 / 华为'), /^firmware-[0-9a-f]{8}$/);
  });

  test('caps the length of a long key and keeps it unique', () => {
    const a = firmwareSlug(`${'Model '.repeat(40)}/ 1`);
    const b = firmwareSlug(`${'Model '.repeat(40)}/ 2`);
    assert.ok(a.length <= 80, `${a.length} chars`);
    assert.notEqual(a, b);
  });
});
