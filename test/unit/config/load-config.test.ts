import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../../src/config/load-config.ts';
import { InputError } from '../../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function config(nightly: string): string {
  const path = join(dir, `${Math.random()}.yaml`);
  writeFileSync(path, `nightly:\n${nightly}`);
  return path;
}

describe('censorwatch.yaml', () => {
  test('the shipped config loads with the term list resolved beside it', () => {
    const loaded = loadConfig('censorwatch.yaml');
    assert.match(loaded.schedules['nightly']!.termList, /terms\/xiaomi-2021\.yaml$/);
    assert.equal(loaded.batchSize, 50);
  });

  test('an invalid cron names the field', () => {
    const path = config('  cron: "61 2 * * *"\n  timeZone: Europe/Vilnius\n  termList: t.yaml\n');
    assert.throws(
      () => loadConfig(path),
      (e: unknown) =>
        e instanceof InputError && e.field === 'nightly.cron' && e.message.includes('61 2'),
    );
  });

  test('a cron with the wrong number of fields names the field', () => {
    const path = config('  cron: "0 2 * *"\n  timeZone: Europe/Vilnius\n  termList: t.yaml\n');
    assert.throws(
      () => loadConfig(path),
      (e: unknown) => e instanceof InputError && e.field === 'nightly.cron',
    );
  });

  test('an unknown time zone names the field', () => {
    const path = config('  cron: "0 2 * * *"\n  timeZone: Europe/Atlantis\n  termList: t.yaml\n');
    assert.throws(
      () => loadConfig(path),
      (e: unknown) => e instanceof InputError && e.field === 'nightly.timeZone',
    );
  });

  test('named schedules sit beside nightly, with selectors, targets and repetition of their own', () => {
    const path = join(dir, 'schedules.yaml');
    writeFileSync(
      path,
      `nightly:\n  cron: "0 2 * * *"\n  timeZone: Europe/Vilnius\n  termList: t.yaml\nschedules:\n  weekly-messengers:\n    cron: "0 3 * * 0"\n    timeZone: Asia/Shanghai\n    termList: terms/other.yaml\n    devices: { manufacturer: Xiaomi }\n    targets: [lab-messenger]\n    repetition: { required: 3, attempts: 3 }\n`,
    );
    const { schedules } = loadConfig(path);
    assert.deepEqual(Object.keys(schedules), ['nightly', 'weekly-messengers']);
    assert.deepEqual(schedules['weekly-messengers']!.devices, { manufacturer: 'Xiaomi' });
    assert.equal(schedules['weekly-messengers']!.termList, join(dir, 'terms/other.yaml'));
    assert.deepEqual(schedules['nightly']!.devices, 'all');
  });

  test('a bad schedule is named in the error', () => {
    const path = join(dir, 'bad-schedule.yaml');
    writeFileSync(
      path,
      `schedules:\n  weekly:\n    cron: "0 3 * * 0"\n    timeZone: Mars/Olympus\n    termList: t.yaml\n`,
    );
    assert.throws(
      () => loadConfig(path),
      (e: unknown) => e instanceof InputError && e.field === 'schedules.weekly.timeZone',
    );
    writeFileSync(
      path,
      `schedules:\n  Weekly Run:\n    cron: "0 3 * * 0"\n    timeZone: UTC\n    termList: t.yaml\n`,
    );
    assert.throws(() => loadConfig(path), /lowercase letters, digits and dashes/);
  });
});
