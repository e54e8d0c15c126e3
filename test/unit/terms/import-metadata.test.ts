import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, mock, test } from 'node:test';
import { termsImportCommand } from '../../../src/cli/commands/terms.ts';
import { InputError } from '../../../src/errors.ts';
import { metaFileOf, resolveMetadata } from '../../../src/terms/import/import-metadata.ts';
import { importTermList } from '../../../src/terms/import/import-term-list.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-import-meta-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function assertInputError(run: () => unknown, expected: RegExp, field?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, expected);
    if (field !== undefined) assert.equal(error.field, field);
    return true;
  });
}

describe('the metadata of an imported list', () => {
  test('comes from FILE.meta.yaml beside the list', () => {
    const list = file('wechat-2016.txt', '西藏\n');
    file(
      'wechat-2016.txt.meta.yaml',
      'name: wechat-2016\nlanguage: zh-Hans\nsource: Generated WeChat-like list\nlicence: CC-BY-NC-SA-4.0\ncategory: politics\n',
    );
    assert.equal(metaFileOf(list), `${list}.meta.yaml`);
    const imported = importTermList(list, { format: 'txt' });
    assert.equal(imported.name, 'wechat-2016');
    assert.equal(imported.licence, 'CC-BY-NC-SA-4.0');
    assert.deepEqual(imported.terms[0], {
      id: imported.terms[0]!.id,
      text: '西藏',
      language: 'zh-Hans',
      category: 'politics',
      source: 'Generated WeChat-like list',
    });
  });

  test('the command line wins over the header file, field by field', () => {
    const list = file('override.txt', 'Free Tibet\n');
    file(
      'override.txt.meta.yaml',
      'language: zh-Hans\nsource: From the header\nlicence: CC-BY-4.0\n',
    );
    const metadata = resolveMetadata(list, { language: 'en', licence: 'CC0-1.0' });
    assert.deepEqual(metadata, {
      name: 'override',
      language: 'en',
      source: 'From the header',
      licence: 'CC0-1.0',
      category: 'unclassified',
    });
  });

  test('without a header file, language and source are required from the command line', () => {
    const list = file('bare.txt', 'Free Tibet\n');
    assertInputError(
      () => resolveMetadata(list, { source: 'x' }),
      new RegExp(
        `^${list}: no language for its terms; expected --language zh-Hans or \`language:\` in ${list}\\.meta\\.yaml$`,
      ),
      'language',
    );
    assertInputError(
      () => resolveMetadata(list, { language: 'en' }),
      /no source for its terms; expected --source/,
      'source',
    );
    assertInputError(
      () => resolveMetadata(list, { language: 'English', source: 'x' }),
      /^--language: expected a BCP 47 tag such as en or zh-Hans, got "English"$/,
      '--language',
    );
    assertInputError(
      () => resolveMetadata(list, { language: 'en', source: '  ' }),
      /^--source: expected a non-empty text$/,
    );
    const metadata = resolveMetadata(list, { language: 'en', source: 'x' });
    assert.equal(
      metadata.licence,
      undefined,
      'no licence is written: the loader reads it as unspecified',
    );
  });

  test('a bad header file is refused naming the file and the field', () => {
    const list = file('badmeta.txt', 'Free Tibet\n');
    const meta = file('badmeta.txt.meta.yaml', 'language: English\nsource: x\n');
    assertInputError(
      () => resolveMetadata(list, {}),
      new RegExp(`^${meta}: field \`language\` must be a BCP 47 tag`),
      'language',
    );
    file('badmeta.txt.meta.yaml', 'language: en\nsource: x\nlicense: CC0-1.0\n');
    assertInputError(
      () => resolveMetadata(list, {}),
      new RegExp(`^${meta}: field \`license\` is not a field here`),
    );
  });

  test('`terms import --out` writes the term list that loadTermList reads', async () => {
    const list = file('out.rules', '1989 + 六4\n');
    const out = join(dir, 'out.yaml');
    const written: string[] = [];
    const stderr = mock.method(process.stderr, 'write', (chunk: string) => written.push(chunk) > 0);
    try {
      await termsImportCommand(list, { format: 'rules', language: 'zh-Hans', source: 'test', out });
    } finally {
      stderr.mock.restore();
    }
    assert.match(
      readFileSync(out, 'utf8'),
      /^# Imported by `censorwatch terms import --format rules` from out\.rules/,
    );
    assert.equal(loadTermList(out).terms[0]!.text, '1989 + 六4');
    assert.deepEqual(written, [
      `imported 1 term from ${list} (1 line, 0 duplicates merged) into ${out}\n`,
    ]);
  });
});
