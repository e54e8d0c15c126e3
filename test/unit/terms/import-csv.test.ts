import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { splitCsvRow } from '../../../src/terms/import/csv-format.ts';
import {
  importedTermListYaml,
  importTermList,
  type ImportedTermList,
} from '../../../src/terms/import/import-term-list.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-import-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'keyword_combination,detected_on';
const META = {
  language: 'zh-Hans',
  source: 'generated for a test',
  licence: 'CC-BY-NC-SA-4.0',
} as const;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function readBack(path: string, imported: ImportedTermList) {
  return loadTermList(file(`${imported.name}.yaml`, importedTermListYaml(path, 'csv', imported)));
}

function assertLineError(run: () => unknown, path: string, line: number, expected: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.ok(error.message.startsWith(`${path}:${line}: `), error.message);
    assert.match(error.message, expected);
    return true;
  });
}

describe('importing a CSV keyword list', () => {
  test('reads keyword_combination rows with + combinations and RFC 4180 quoting, and round-trips', () => {
    const path = file(
      'wechat.csv',
      [
        HEADER,
        '1989+六4,2016-01-10',
        '"西藏 + 獨立",2016-02-01',
        '"Free Tibet, now",',
        '"say ""no""",2016-03-02',
        ' 法轮功 , 2016-04-01 ',
        '',
      ].join('\r\n'),
    );
    const imported = importTermList(path, { format: 'csv', ...META });
    assert.deepEqual(
      imported.terms.map((t) => [t.text, t.source]),
      [
        ['1989 + 六4', 'generated for a test (detected on 2016-01-10)'],
        ['西藏 + 獨立', 'generated for a test (detected on 2016-02-01)'],
        ['Free Tibet, now', 'generated for a test'],
        ['say "no"', 'generated for a test (detected on 2016-03-02)'],
        ['法轮功', 'generated for a test (detected on 2016-04-01)'],
      ],
    );
    const loaded = readBack(path, imported);
    assert.deepEqual(
      loaded.terms.map(({ control: _control, controlSource: _source, ...term }) => term),
      imported.terms.map((term) => ({ ...term, licence: 'CC-BY-NC-SA-4.0' })),
    );
  });

  test('reads a BOM before the header', () => {
    const path = file('bom.csv', `\uFEFF${HEADER}\r\n西藏,2016-01-10\r\n`);
    assert.equal(importTermList(path, { format: 'csv', ...META }).terms[0]!.text, '西藏');
  });

  test('merges a keyword listed twice, keeping both dates it was detected on', () => {
    const path = file(
      'dupes.csv',
      `${HEADER}\n西藏+獨立,2016-01-10\n"西藏 + 獨立",2016-03-02\n西藏 + 獨立,2016-01-10\n`,
    );
    const imported = importTermList(path, { format: 'csv', ...META });
    assert.equal(imported.terms.length, 1);
    assert.equal(imported.duplicates, 2);
    assert.equal(
      imported.terms[0]!.source,
      'generated for a test (detected on 2016-01-10, 2016-03-02)',
    );
  });

  test('requires the header row', () => {
    const path = file('no-header.csv', '\n1989+六4,2016-01-10\n');
    assertLineError(
      () => importTermList(path, { format: 'csv', ...META }),
      path,
      2,
      /expected the header row "keyword_combination,detected_on", got 2 columns/,
    );
  });

  test('refuses a row with the wrong column count, naming the line and the columns expected', () => {
    const path = file('columns.csv', `${HEADER}\n西藏,2016-01-10\nFree Tibet, now,2016-01-10\n`);
    assertLineError(
      () => importTermList(path, { format: 'csv', ...META }),
      path,
      3,
      /row has 3 columns; expected 2 \(keyword_combination,detected_on\) — a keyword holding a comma must be in double quotes/,
    );
    const one = file('one-column.csv', `${HEADER}\n西藏\n`);
    assertLineError(
      () => importTermList(one, { format: 'csv', ...META }),
      one,
      2,
      /row has 1 column; expected 2/,
    );
  });

  test('refuses bad quoting, an empty keyword or component, and bad bytes with file:line', () => {
    const cases: [string, string | Buffer, RegExp][] = [
      [
        'open-quote.csv',
        `${HEADER}\n"西藏,2016-01-10\n`,
        /quoted field opened at column 1 is not closed on this line/,
      ],
      [
        'after-quote.csv',
        `${HEADER}\n"西藏"x,2016-01-10\n`,
        /text after the closing quote at column 5; expected "," or the end of the line/,
      ],
      [
        'stray-quote.csv',
        `${HEADER}\nsay "no",2016-01-10\n`,
        /a " at column 5 inside an unquoted field/,
      ],
      [
        'empty-keyword.csv',
        `${HEADER}\n ,2016-01-10\n`,
        /column keyword_combination is empty; expected a keyword/,
      ],
      ['empty-component.csv', `${HEADER}\n西藏 +,2016-01-10\n`, /component 2 of 2 is empty/],
      [
        'control.csv',
        `${HEADER}\n西藏\u0007,2016-01-10\n`,
        /control character U\+0007 at column 3/,
      ],
      [
        'bytes.csv',
        Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xff, 0x2c, 0x0a])]),
        /not valid UTF-8 at byte 1/,
      ],
      [
        'long.csv',
        `${HEADER}\n${'西'.repeat(400)},2016-01-10\n`,
        /line is 1211 bytes long; expected at most 1024 bytes/,
      ],
    ];
    for (const [name, content, expected] of cases) {
      const path = file(name, content);
      assertLineError(() => importTermList(path, { format: 'csv', ...META }), path, 2, expected);
    }
  });

  test('splits rows as RFC 4180 does', () => {
    assert.deepEqual(splitCsvRow('a,"b,c","d""e",,', 'x.csv', 1), ['a', 'b,c', 'd"e', '', '']);
    assert.deepEqual(splitCsvRow('""', 'x.csv', 1), ['']);
    assert.deepEqual(splitCsvRow(' "a" , b', 'x.csv', 1), ['a', ' b']);
  });
});
