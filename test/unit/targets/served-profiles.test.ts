import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { loadServedProfiles } from '../../../src/targets/served-profiles.ts';
import { unservedTargetFields } from '../../../src/targets/target-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-served-'));
const pixel = readFileSync('devices/lab-pixel5.yaml', 'utf8');

describe('profiles the farm can serve', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the lab profiles load: every target has an adapter of its kind and input path', () => {
    assert.equal(loadServedProfiles('devices').length, 3);
  });

  test('refuses ime on a lab phone when it loads, naming the file and field (only phone adapters type on the device keyboard)', () => {
    const file = join(dir, 'lab-pixel5.yaml');
    writeFileSync(file, pixel.replace('inputPath: key-events', 'inputPath: ime'));
    assert.throws(
      () => loadServedProfiles(dir),
      (error: unknown) =>
        error instanceof InputError &&
        error.file === file &&
        error.field === 'targets[0].inputPath' &&
        error.message ===
          `${file}: field \`targets[0].inputPath\`: the lab-browser adapter types by set-text or key-events, not ime`,
    );
  });

  test('names an app no adapter serves, and a kind the adapter is not', () => {
    assert.deepEqual(
      unservedTargetFields([
        { app: 'opera-mini', kind: 'browser', inputPath: 'key-events' },
        { app: 'telegram', kind: 'browser', inputPath: 'set-text' },
      ]).map((p) => p.field),
      ['targets[0].app', 'targets[1].kind'],
    );
  });

  test('refuses a screening payload limit past what the app carries, naming the field', () => {
    const file = join(dir, 'lab-pixel5.yaml');
    writeFileSync(
      file,
      pixel.replace(
        'inputPath: key-events',
        'inputPath: key-events\n    screening: { payloadLimit: 9000 }',
      ),
    );
    assert.throws(
      () => loadServedProfiles(dir),
      (error: unknown) =>
        error instanceof InputError &&
        error.field === 'targets[0].screening.payloadLimit' &&
        error.message.endsWith(
          'lab-browser carries at most 8000 URL bytes in one payload, not 9000',
        ),
    );
    writeFileSync(
      file,
      pixel.replace(
        'inputPath: key-events',
        'inputPath: key-events\n    screening: { maxMembers: 1 }',
      ),
    );
    assert.throws(
      () => loadServedProfiles(dir),
      (error: unknown) =>
        error instanceof InputError && /targets\[0\]\.screening\.maxMembers/.test(error.message),
    );
  });
});
