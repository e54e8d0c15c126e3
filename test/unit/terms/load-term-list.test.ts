import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';
import { payloadOf, termParts } from '../../../src/terms/term.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-terms-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD_TERM = `  - id: free-tibet-en
    text: Free Tibet
    language: en
    category: politics
    source: test
    control: Warm bread
`;

describe('loadTermList', () => {
  test('loads the shipped default list with languages en, zh-Hans, zh-Hant and lt', () => {
    const list = loadTermList('terms/xiaomi-2021.yaml');
    const languages = new Set(list.terms.map((t) => t.language));
    for (const language of ['en', 'zh-Hans', 'zh-Hant', 'lt'])
      assert.ok(languages.has(language), language);
    assert.match(list.sha256, /^[0-9a-f]{64}$/);
    assert.ok(list.terms.every((t) => t.control.length > 0 && t.control !== t.text));
  });

  test("gives each term its own licence, else the list's, else unspecified", () => {
    const listed = loadTermList(
      file(
        'licence.yaml',
        `name: x\nlicence: CC-BY-4.0\nterms:\n${GOOD_TERM}${GOOD_TERM.replace('free-tibet-en', 'own').replace('    control:', '    licence: CC0-1.0\n    control:')}`,
      ),
    );
    assert.deepEqual(
      listed.terms.map((t) => t.licence),
      ['CC-BY-4.0', 'CC0-1.0'],
    );
    const [none] = loadTermList(file('no-licence.yaml', `name: x\nterms:\n${GOOD_TERM}`)).terms;
    assert.equal(none!.licence, 'unspecified');
  });

  test('keeps a control the list names and chooses one where it names none', () => {
    const path = file(
      'controls.yaml',
      `name: x\nterms:\n${GOOD_TERM}${GOOD_TERM.replace('free-tibet-en', 'other').replace('    control: Warm bread\n', '')}`,
    );
    const [named, chosen] = loadTermList(path).terms;
    assert.equal(named!.control, 'Warm bread');
    assert.equal(named!.controlSource, 'list');
    assert.notEqual(chosen!.control, 'Warm bread');
    assert.equal(chosen!.controlSource, 'chosen');
  });

  test('names the file and field of a blank control', () => {
    const path = file(
      'blank-control.yaml',
      `name: x\nterms:\n${GOOD_TERM.replace('control: Warm bread', 'control: "  "')}`,
    );
    assert.throws(
      () => loadTermList(path),
      (error: unknown) =>
        error instanceof InputError &&
        error.code === 'E_TERM_LIST' &&
        error.file === path &&
        error.field === 'terms[0].control' &&
        error.message.includes(path),
    );
  });

  test('names the field of a bad language tag', () => {
    const path = file(
      'bad-lang.yaml',
      `name: x\nterms:\n${GOOD_TERM.replace('language: en', 'language: English')}`,
    );
    assert.throws(
      () => loadTermList(path),
      (e: unknown) => e instanceof InputError && e.field === 'terms[0].language',
    );
  });

  test('refuses a repeated id and says where the first one was', () => {
    const path = file('dup.yaml', `name: x\nterms:\n${GOOD_TERM}${GOOD_TERM}`);
    assert.throws(() => loadTermList(path), /terms\[1\]\.id.*terms\[0\]/);
  });

  test('reports broken YAML with its line', () => {
    const path = file('broken.yaml', 'name: x\nterms: [\n  - id: a\n');
    assert.throws(
      () => loadTermList(path),
      (e: unknown) => e instanceof InputError && /not valid YAML/.test(e.message),
    );
  });

  test('reports a missing file', () => {
    assert.throws(
      () => loadTermList(join(dir, 'absent.yaml')),
      (e: unknown) => e instanceof InputError && e.code === 'E_TERM_LIST',
    );
  });
});

describe('combination terms', () => {
  test('split on " + " and are typed as their parts joined by a space', () => {
    assert.deepEqual(termParts('西藏 + 獨立'), ['西藏', '獨立']);
    assert.equal(payloadOf('西藏 + 獨立'), '西藏 獨立');
    assert.equal(payloadOf('Free Tibet'), 'Free Tibet');
  });
});
