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

const dir = mkdtempSync(join(tmpdir(), 'cw-import-txt-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BOM = '\uFEFF';
const META = { language: 'zh-Hans', source: 'generated for a test' } as const;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Writes the import as YAML and loads it back with the loader every run uses. */
function roundTrip(path: string, imported: ImportedTermList) {
  const yamlFile = file(`${imported.name}.yaml`, importedTermListYaml(path, 'txt', imported));
  return loadTermList(yamlFile);
}

function assertReadBack(path: string, imported: ImportedTermList): void {
  const loaded = roundTrip(path, imported);
  assert.equal(loaded.name, imported.name);
  assert.deepEqual(
    loaded.terms.map(({ control, controlSource, ...term }) => {
      assert.ok(control.length > 0 && controlSource === 'chosen');
      return term;
    }),
    imported.terms.map((term) => ({ ...term, licence: imported.licence ?? 'unspecified' })),
  );
}

/** A distinct keyword per index: Latin every third one, else two to four Han characters. */
function keyword(i: number): string {
  if (i % 3 === 0) return `Schlüsselwort ${i}`;
  let n = i + 1;
  let text = '';
  while (n > 0) {
    text += String.fromCodePoint(0x4e00 + (n % 20_000));
    n = Math.floor(n / 20_000);
  }
  return `${text}自由`;
}

function assertLineError(run: () => unknown, path: string, line: number, expected: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.equal(error.code, 'E_TERM_LIST');
    assert.equal(error.file, path);
    assert.ok(error.message.startsWith(`${path}:${line}: `), error.message);
    assert.match(error.message, expected);
    return true;
  });
}

describe('importing a plain text keyword list', () => {
  test('reads one keyword per line, skips blank lines, and round-trips through the YAML writer and loadTermList', () => {
    // texts YAML would read as something else unless the writer quotes them
    const tricky = [
      '1989',
      'yes',
      'null',
      '~',
      'true',
      '0x1F',
      '1e3',
      '- x',
      '#tag',
      'a: b',
      '[x]',
      '{x}',
      '@x',
      '`x`',
      '%x',
      '!x',
      '&x',
      '*x',
      '|',
      '>',
      '? x',
      '---',
      '...',
      "'quoted'",
      '"dq"',
      'back\\slash',
      'zero\u200bwidth',
      '<img src=x onerror=alert(1)>',
    ];
    const path = file(
      'plain.txt',
      `Free Tibet\n\n  西藏自由  \n   \n民主运动\n${tricky.join('\n')}\n`,
    );
    const imported = importTermList(path, { format: 'txt', ...META, licence: 'CC-BY-NC-SA-4.0' });
    assert.deepEqual(
      imported.terms.map((t) => t.text),
      ['Free Tibet', '西藏自由', '民主运动', ...tricky],
    );
    assert.equal(imported.licence, 'CC-BY-NC-SA-4.0');
    assert.ok(imported.terms.every((t) => t.category === 'unclassified'));
    assertReadBack(path, imported);
  });

  test('reads UTF-8 with a BOM and CRLF endings as it reads LF without one', () => {
    const lines = ['Free Tibet', '西藏自由', '臺灣獨立'];
    const lf = importTermList(file('lf.txt', `${lines.join('\n')}\n`), { format: 'txt', ...META });
    const crlf = importTermList(file('crlf.txt', `${BOM}${lines.join('\r\n')}\r\n`), {
      format: 'txt',
      ...META,
    });
    assert.deepEqual(crlf.terms, lf.terms);
    assert.equal(crlf.terms[0]!.text, 'Free Tibet', 'the BOM is not part of the first keyword');
  });

  test('imports a 2,442-line CRLF file with a BOM, merging the repeats it holds', () => {
    const lines = Array.from({ length: 2_400 }, (_, i) => keyword(i));
    // 42 repeats of earlier keywords, spelt with other whitespace or a zero-width space
    for (let i = 0; i < 42; i += 1)
      lines.push(i % 2 === 0 ? ` ${keyword(i * 50)} ` : `${keyword(i * 50)}\u200b`);
    assert.equal(lines.length, 2_442);
    const path = file('big.txt', `${BOM}${lines.join('\r\n')}\r\n`);
    const imported = importTermList(path, { format: 'txt', ...META });
    const loaded = roundTrip(path, imported);
    assert.equal(imported.lines, 2_442);
    assert.equal(imported.terms.length, 2_400);
    assert.equal(imported.duplicates, 42);
    assert.equal(loaded.terms.length, 2_400);
    assert.equal(new Set(loaded.terms.map((t) => t.id)).size, 2_400, 'ids are unique');
    assert.deepEqual(
      loaded.terms.map((t) => t.text),
      lines.slice(0, 2_400),
    );
  });

  test('merges repeats of a keyword (same normalised text) into its first line', () => {
    const path = file(
      'dupes.txt',
      'Free Tibet\nFree  Tibet\nfree tibet\nFree\u00a0Tibet\nCafe\u0301\nCafé\n',
    );
    const imported = importTermList(path, { format: 'txt', ...META });
    assert.deepEqual(
      imported.terms.map((t) => t.text),
      ['Free Tibet', 'free tibet', 'Cafe\u0301'],
      'case is kept: firmware may filter one spelling and not the other',
    );
    assert.equal(imported.duplicates, 3);
  });

  test('refuses a line that is not UTF-8, naming the line and the byte', () => {
    const path = file(
      'gb18030.txt',
      Buffer.concat([
        Buffer.from('Free Tibet\n西藏\n'),
        Buffer.from([0xce, 0xf7, 0xb2, 0xd8, 0x0a]),
      ]),
    );
    assertLineError(
      () => importTermList(path, { format: 'txt', ...META }),
      path,
      3,
      /not valid UTF-8 at byte 1 of the line \(0xCE 0xF7 0xB2 0xD8\); expected a UTF-8 text file/,
    );
    const truncated = file(
      'truncated.txt',
      Buffer.concat([Buffer.from('ok\r\nab'), Buffer.from([0xe8, 0xa5]), Buffer.from('\r\n')]),
    );
    assertLineError(
      () => importTermList(truncated, { format: 'txt', ...META }),
      truncated,
      2,
      /not valid UTF-8 at byte 3 of the line/,
    );
  });

  test('refuses a control character inside a keyword, naming the line and column', () => {
    const path = file('control.txt', 'Free Tibet\nFree\tTibet\n');
    assertLineError(
      () => importTermList(path, { format: 'txt', ...META }),
      path,
      2,
      /control character U\+0009 at column 5; expected printable text/,
    );
    const nul = file('nul.txt', 'a\n\nb\u0000c\n');
    assertLineError(() => importTermList(nul, { format: 'txt', ...META }), nul, 3, /U\+0000/);
    const lone = file('lone-cr.txt', 'a\rb\n');
    assertLineError(() => importTermList(lone, { format: 'txt', ...META }), lone, 1, /U\+000D/);
  });

  test('refuses an over-long line, saying how long a line may be', () => {
    const path = file('long.txt', `ok\n${'x'.repeat(1025)}\n`);
    assertLineError(
      () => importTermList(path, { format: 'txt', ...META }),
      path,
      2,
      /line is 1025 bytes long; expected at most 1024 bytes/,
    );
    const fits = file('fits.txt', `${'西'.repeat(341)}\n`);
    assert.equal(importTermList(fits, { format: 'txt', ...META }).terms.length, 1);
  });

  test('refuses a keyword that a term list would read as a combination', () => {
    const path = file('plus.txt', 'C++\n1989 + 六4\n');
    assertLineError(
      () => importTermList(path, { format: 'txt', ...META }),
      path,
      2,
      /reads as a combination; expected one keyword per line \(import combinations with --format rules\)/,
    );
  });

  test('refuses a file without a keyword', () => {
    const path = file('empty.txt', `${BOM}\r\n  \r\n`);
    assert.throws(
      () => importTermList(path, { format: 'txt', ...META }),
      (error: unknown) =>
        error instanceof InputError &&
        /no keywords; expected one keyword per line/.test(error.message),
    );
  });
});
