import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  firmwareEnvironment,
  formatEnvironmentProperties,
  writeEnvironmentProperties,
} from '../../../src/report/environment.ts';

describe('environment.properties', () => {
  test('writes one key=value line per entry, in order', () => {
    assert.equal(
      formatEnvironmentProperties({ 'firmware.version': 'V12.5.4.0.RJDEUXM', 'run.id': 'r1' }),
      'firmware.version=V12.5.4.0.RJDEUXM\nrun.id=r1\n',
    );
  });

  test('escapes newlines so a value cannot add a property of its own', () => {
    const text = formatEnvironmentProperties({ 'termList.name': 'list\nrun.id=forged\r\n' });
    assert.equal(text, 'termList.name=list\\nrun.id=forged\\r\\n\n');
    assert.equal(text.split('\n').length, 2);
  });

  test('escapes backslashes, separators in keys and a leading space in values', () => {
    assert.equal(
      formatEnvironmentProperties({ 'a b=c:d': ' C:\\x' }),
      'a\\ b\\=c\\:d=\\ C:\\\\x\n',
    );
  });

  test('writes characters beyond ASCII as \\u escapes, as Java properties are read in Latin-1', () => {
    assert.equal(
      formatEnvironmentProperties({ locale: 'lt-LT Laisvę 小米' }),
      'locale=lt-LT Laisv\\u0119 \\u5c0f\\u7c73\n',
    );
    assert.equal(formatEnvironmentProperties({ e: '😀' }), 'e=\\ud83d\\ude00\n');
  });

  test('names firmware, device, browser, harness, term list and run in every firmware report', () => {
    const environment = firmwareEnvironment({
      firmwareKey: 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM',
      fingerprint: 'Xiaomi/apollo_eea/apollo:11/RKQ1/V12.5.4.0.RJDEUXM:user/release-keys',
      firmwareVersion: 'V12.5.4.0.RJDEUXM',
      region: 'EEA',
      locale: 'lt-LT',
      devices: ['mi10t-a', 'mi10t-b'],
      browserVersion: 'Chromium 156',
      termListName: 'lt-ncsc-2021',
      termListSha256: 'ab'.repeat(32),
      runId: 'run-1',
      startedBy: 'token:alice',
    });
    assert.deepEqual(Object.keys(environment), [
      'firmware.key',
      'firmware.fingerprint',
      'firmware.version',
      'device.region',
      'device.locale',
      'devices',
      'browser.version',
      'harness.version',
      'termList.name',
      'termList.sha256',
      'run.id',
      'run.startedBy',
    ]);
    assert.equal(environment.devices, 'mi10t-a, mi10t-b');
    assert.equal(environment['run.startedBy'], 'token:alice');
    assert.match(environment['harness.version']!, /^\d+\.\d+\.\d+/);
  });

  test('writes the file into the results folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'censorwatch-env-'));
    try {
      const file = writeEnvironmentProperties(dir, { 'run.id': 'r1' });
      assert.equal(file, join(dir, 'environment.properties'));
      assert.equal(readFileSync(file, 'utf8'), 'run.id=r1\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
