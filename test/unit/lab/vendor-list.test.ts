import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import {
  DEFAULT_MASK_LATE_DELAY_MS,
  loadVendorList,
  parseVendorList,
  switchFor,
} from '../../../src/lab/vendor-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-vendor-list-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function configError(path: string, field: string) {
  return (error: unknown) =>
    error instanceof InputError &&
    error.code === 'E_CONFIG' &&
    error.file === path &&
    error.field === field &&
    error.message.includes(path) &&
    error.message.includes(`\`${field}\``);
}

describe('loadVendorList', () => {
  test('loads the planted MiAdBlacklistConfig with one rule per behaviour and the positive control', () => {
    const list = loadVendorList('devices/lab/vendor/mi-ad-blacklist.yaml');
    assert.equal(list.name, 'MiAdBlacklistConfig');
    const actions = list.rules.map((rule) => rule.action).sort();
    assert.deepEqual(actions, [
      'alter',
      'alter',
      'blank',
      'block',
      'drop',
      'mask',
      'mask',
      'mask',
      'mask',
      'mask',
      'mask-input',
      'mask-late',
      'remove',
    ]);
    assert.ok(
      list.rules.some((rule) => rule.keep === 6),
      'a partial mask is planted',
    );
    const late = list.rules.find((rule) => rule.action === 'mask-late');
    assert.deepEqual(late, { action: 'mask-late', terms: ['Democracy movement'], delayMs: 800 });
    assert.ok(
      list.rules.some((rule) => rule.terms?.includes('法轮功')),
      'the positive control is planted',
    );
    const combination = list.rules.find((rule) => rule.all);
    assert.deepEqual(combination, { action: 'mask', all: ['西藏', '獨立'] });
  });

  test('loads the empty reference list with its switch off', () => {
    const list = loadVendorList('devices/lab/vendor/none.yaml');
    assert.deepEqual(list, { name: 'none', switch: {}, rules: [] });
  });

  test('names the field of an unknown action', () => {
    const path = file('bad-action.yaml', 'name: x\nrules:\n  - action: censor\n    terms: [a]\n');
    assert.throws(() => loadVendorList(path), configError(path, 'rules[0].action'));
    assert.throws(
      () => loadVendorList(path),
      /must be one of mask, remove, alter, block.*got "censor"/,
    );
  });

  test('refuses a rule with both terms and all', () => {
    const path = file(
      'both.yaml',
      'name: x\nrules:\n  - action: mask\n    terms: [a]\n    all: [b, c]\n',
    );
    assert.throws(() => loadVendorList(path), configError(path, 'rules[0].all'));
  });

  test('refuses a rule with neither terms nor all', () => {
    const path = file('neither.yaml', 'name: x\nrules:\n  - action: mask\n  - action: remove\n');
    assert.throws(() => loadVendorList(path), configError(path, 'rules[0].terms'));
  });

  test('refuses a combination of a single part', () => {
    const path = file(
      'one-part.yaml',
      'name: x\nrules:\n  - action: blank\n    terms: [a]\n  - action: mask\n    all: [b]\n',
    );
    assert.throws(() => loadVendorList(path), configError(path, 'rules[1].all'));
  });

  test('refuses delayMs on an action that does not rewrite rendered text', () => {
    const path = file(
      'delay.yaml',
      'name: x\nrules:\n  - action: mask\n    delayMs: 5\n    terms: [a]\n  - action: block\n    delayMs: 5\n    terms: [b]\n',
    );
    assert.throws(() => loadVendorList(path), configError(path, 'rules[1].delayMs'));
  });

  test('refuses an alteration whose replacement holds the term it replaces', () => {
    assert.throws(
      () =>
        parseVendorList(
          { name: 'x', rules: [{ action: 'alter', terms: ['Tibet'], replacement: 'Free Tibet' }] },
          'test',
        ),
      /rules\[0\]\.replacement.*must not contain the term "Tibet"/,
    );
  });

  test('alter needs a replacement, and only alter takes one', () => {
    const missing = file('alter.yaml', 'name: x\nrules:\n  - action: alter\n    terms: [a]\n');
    assert.throws(() => loadVendorList(missing), configError(missing, 'rules[0].replacement'));
    const stray = file(
      'stray.yaml',
      'name: x\nrules:\n  - action: mask\n    replacement: b\n    terms: [a]\n',
    );
    assert.throws(() => loadVendorList(stray), configError(stray, 'rules[0].replacement'));
  });

  test('keep applies to mask actions only; limit must be at least 1', () => {
    const keep = file(
      'keep.yaml',
      'name: x\nrules:\n  - action: remove\n    keep: 2\n    terms: [a]\n',
    );
    assert.throws(() => loadVendorList(keep), configError(keep, 'rules[0].keep'));
    const limit = file(
      'limit.yaml',
      'name: x\nrules:\n  - action: mask\n    limit: 0\n    terms: [a]\n',
    );
    assert.throws(() => loadVendorList(limit), configError(limit, 'rules[0].limit'));
  });

  test('keeps the fields of a late alteration, a partial mask and a limited rule', () => {
    const list = parseVendorList(
      {
        name: 'x',
        rules: [
          { action: 'alter', terms: ['a'], replacement: 'b', delayMs: 300 },
          { action: 'mask', terms: ['c'], keep: 2, limit: 1 },
          { action: 'remove', terms: ['d'], delayMs: 0 },
        ],
      },
      'test',
    );
    assert.deepEqual(list.rules, [
      { action: 'alter', terms: ['a'], replacement: 'b', delayMs: 300 },
      { action: 'mask', terms: ['c'], keep: 2, limit: 1 },
      { action: 'remove', terms: ['d'] },
    ]);
  });

  test('names the switch entry that is neither on nor off', () => {
    const path = file('switch.yaml', 'name: x\nswitch:\n  V1: maybe\nrules: []\n');
    assert.throws(() => loadVendorList(path), configError(path, 'switch.V1'));
  });

  test('reports bad YAML with its line', () => {
    const path = file('broken.yaml', 'name: x\nrules:\n  - action: [mask\n');
    assert.throws(
      () => loadVendorList(path),
      (error: unknown) =>
        error instanceof InputError &&
        error.file === path &&
        /:\d+: not valid YAML/.test(error.message),
    );
  });

  test('gives mask-late its default delay and NFC-normalises terms', () => {
    const decomposed = 'Laisve\u0328 Tibetui';
    const list = parseVendorList(
      { name: 'x', rules: [{ action: 'mask-late', terms: [decomposed] }] },
      'test',
    );
    assert.deepEqual(list.rules[0], {
      action: 'mask-late',
      terms: ['Laisvę Tibetui'],
      delayMs: DEFAULT_MASK_LATE_DELAY_MS,
    });
  });
});

describe('switchFor', () => {
  const list = loadVendorList('devices/lab/vendor/mi-ad-blacklist.yaml');

  test('is on for the firmware the vendor switched on', () => {
    assert.equal(switchFor(list, 'V12.5.4.0.RJDEUXM'), true);
  });

  test('is off for the clean EU firmware', () => {
    assert.equal(switchFor(list, 'V12.5.1.0.RJDEUXM'), false);
  });

  test('is off for a firmware the list does not name, or none at all', () => {
    assert.equal(switchFor(list, 'V12.5.4.0.RJDEUX'), false);
    assert.equal(switchFor(list, 'toString'), false);
    assert.equal(switchFor(list, undefined), false);
  });

  test('reads yes-or-no booleans as well as on and off', () => {
    const parsed = parseVendorList({ name: 'x', switch: { A: true, B: 'off', C: false } }, 'test');
    assert.deepEqual(parsed.switch, { A: true, B: false, C: false });
  });
});
