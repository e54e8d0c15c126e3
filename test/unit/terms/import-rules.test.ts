import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import {
  importedTermListYaml,
  importTermList,
  type ImportedTermList,
} from '../../../src/terms/import/import-term-list.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';
import { payloadOf, termParts } from '../../../src/terms/term.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-import-rules-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const META = { language: 'zh-Hans', source: 'generated for a test' } as const;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function readBack(path: string, imported: ImportedTermList) {
  return loadTermList(file(`${imported.name}.yaml`, importedTermListYaml(path, 'rules', imported)));
}

function assertLineError(run: () => unknown, path: string, line: number, expected: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.ok(error.message.startsWith(`${path}:${line}: `), error.message);
    assert.match(error.message, expected);
    return true;
  });
}

describe('importing a list of + rules', () => {
  test('reads a combination per line as the term list writes combinations, and round-trips', () => {
    const path = file('rules.txt', '1989 + 六4\n西藏+獨立\n\n  天安门 +  坦克 + 学生 \n法轮功\n');
    const imported = importTermList(path, { format: 'rules', ...META });
    assert.deepEqual(
      imported.terms.map((t) => t.text),
      ['1989 + 六4', '西藏 + 獨立', '天安门 + 坦克 + 学生', '法轮功'],
    );
    const loaded = readBack(path, imported);
    assert.deepEqual(
      loaded.terms.map(({ control: _control, controlSource: _source, ...term }) => term),
      imported.terms.map((term) => ({ ...term, licence: 'unspecified' })),
    );
    const [combination] = loaded.terms;
    assert.deepEqual(termParts(combination!.text), ['1989', '六4']);
    assert.equal(payloadOf(combination!.text), '1989 六4');
    assert.equal(termParts(combination!.control).length, 2, 'a control per component');
  });

  test('reads CRLF endings and a BOM', () => {
    const path = file('crlf.rules', '\uFEFF1989 + 六4\r\n西藏 + 獨立\r\n');
    assert.deepEqual(
      importTermList(path, { format: 'rules', ...META }).terms.map((t) => t.text),
      ['1989 + 六4', '西藏 + 獨立'],
    );
  });

  test('merges a rule written twice with other spacing', () => {
    const path = file('dupes.rules', '1989 + 六4\n1989+六4\n 1989  +\u00a0六4\n六4 + 1989\n');
    const imported = importTermList(path, { format: 'rules', ...META });
    assert.deepEqual(
      imported.terms.map((t) => t.text),
      ['1989 + 六4', '六4 + 1989'],
    );
    assert.equal(imported.duplicates, 2);
  });

  test('refuses an empty component, naming the line and which component', () => {
    for (const [rule, message] of [
      ['a +', /component 2 of 2 is empty/],
      ['+ b', /component 1 of 2 is empty/],
      ['a ++ b', /component 2 of 3 is empty/],
      ['+', /component 1 of 2 is empty/],
    ] as const) {
      const path = file('empty-component.rules', `1989 + 六4\n\n${rule}\n`);
      assertLineError(
        () => importTermList(path, { format: 'rules', ...META }),
        path,
        3,
        new RegExp(`${message.source}; expected keywords joined by "\\+", e\\.g\\. "1989 \\+ 六4"`),
      );
    }
  });

  test('refuses invalid UTF-8, a control character and an over-long line with file:line', () => {
    const bad = file(
      'latin1.rules',
      Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x2b, 0x20, 0x62, 0x0a]),
    );
    assertLineError(
      () => importTermList(bad, { format: 'rules', ...META }),
      bad,
      2,
      /not valid UTF-8 at byte 4 of the line \(0xE9 0x20 0x2B 0x20\)/,
    );
    const control = file('escape.rules', 'a + b\u001b[31m\n');
    assertLineError(
      () => importTermList(control, { format: 'rules', ...META }),
      control,
      1,
      /U\+001B at column 6/,
    );
    const long = file('long.rules', `a + b\n${'a + '.repeat(300)}b\n`);
    assertLineError(
      () => importTermList(long, { format: 'rules', ...META }),
      long,
      2,
      /expected at most 1024 bytes/,
    );
  });
});
