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
    assert.match(loaded.nightly.termList, /terms\/xiaomi-2021\.yaml$/);
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
});
