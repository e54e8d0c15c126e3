// Integration (spawns the real command, no services): `censorwatch terms import` prints a term list loadTermList reads, and refuses a bad line with exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadTermList } from '../../src/terms/load-term-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-cli-terms-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function censorwatch(...args: string[]) {
  return spawnSync(process.execPath, ['bin/censorwatch.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, CENSORWATCH_REPORTS: dir, LOG_LEVEL: 'silent' },
    timeout: 60 * 1000,
  });
}

describe('censorwatch terms import', () => {
  test('prints the YAML term list of a CSV list on standard output, its metadata from the command line', () => {
    const list = join(dir, 'generated.csv');
    writeFileSync(
      list,
      '\uFEFFkeyword_combination,detected_on\r\n1989+六4,2016-01-10\r\n"西藏 + 獨立",2016-02-01\r\n西藏+獨立,2016-03-02\r\n',
    );
    const result = censorwatch(
      'terms',
      'import',
      list,
      '--format',
      'csv',
      '--language',
      'zh-Hans',
      '--source',
      'generated; not a published list',
      '--licence',
      'CC0-1.0',
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stderr,
      `imported 2 terms from ${list} (4 lines, 1 duplicate merged)\n`,
      'counts on standard error, no terms',
    );
    const yamlFile = join(dir, 'generated.yaml');
    writeFileSync(yamlFile, result.stdout);
    const loaded = loadTermList(yamlFile);
    assert.equal(loaded.name, 'generated');
    assert.deepEqual(
      loaded.terms.map((t) => [t.text, t.language, t.source, t.licence]),
      [
        [
          '1989 + 六4',
          'zh-Hans',
          'generated; not a published list (detected on 2016-01-10)',
          'CC0-1.0',
        ],
        [
          '西藏 + 獨立',
          'zh-Hans',
          'generated; not a published list (detected on 2016-02-01, 2016-03-02)',
          'CC0-1.0',
        ],
      ],
    );
  });

  test('exits 2 naming file:line and what was expected on a bad line, without a stack trace', () => {
    const list = join(dir, 'bad.rules');
    writeFileSync(list, '1989 + 六4\n西藏 +\n');
    const result = censorwatch(
      'terms',
      'import',
      list,
      '--format',
      'rules',
      '--language',
      'zh-Hans',
      '--source',
      'test',
    );
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '', 'no half-written list');
    assert.equal(
      result.stderr,
      `censorwatch: ${list}:2: component 2 of 2 is empty; expected keywords joined by "+", e.g. "1989 + 六4" (a keyword holding "+" itself needs --format txt)\n`,
    );
  });
});
