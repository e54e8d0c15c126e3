import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { assignTermIds, baseTermId } from '../../../src/terms/import/imported-term-id.ts';
import { importTermList } from '../../../src/terms/import/import-term-list.ts';
import { derivedTermId } from '../../../src/terms/term-identity.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-import-ids-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ID = /^[a-z0-9][a-z0-9-]*$/;

describe('ids of imported terms', () => {
  test('are readable slugs of Latin text, with the language, as the shipped lists write them', () => {
    assert.equal(baseTermId({ text: 'Free Tibet', language: 'en' }), 'free-tibet-en');
    assert.equal(baseTermId({ text: 'Laisvę Tibetui', language: 'lt' }), 'laisve-tibetui-lt');
    assert.equal(baseTermId({ text: 'Tiananmen + 1989', language: 'en' }), 'tiananmen-and-1989-en');
    assert.equal(
      baseTermId({ text: "Voice of America's", language: 'zh-Hans' }),
      'voice-of-america-s-zh-hans',
    );
    const long = baseTermId({
      text: 'a very long sentence that nobody would type into a search box',
      language: 'en',
    });
    assert.ok(long.length <= 48 + 3 && long.endsWith('-en') && !long.includes('--'), long);
  });

  test('are the identity hash for text a slug cannot show', () => {
    for (const text of ['西藏 + 獨立', '1989 + 六4', '民主运动', '!!!', 'Straße']) {
      const id = baseTermId({ text, language: 'zh-Hans' });
      assert.equal(id, derivedTermId({ text, language: 'zh-Hans' }), text);
      assert.match(id, ID);
    }
  });

  test('are unique: a later term whose slug is taken gets a suffix of its own hash', () => {
    const ids = assignTermIds([
      { text: 'Free Tibet', language: 'en' },
      { text: 'free tibet', language: 'en' },
      { text: 'Free Tibet!', language: 'en' },
    ]);
    assert.equal(ids[0], 'free-tibet-en');
    assert.match(ids[1]!, /^free-tibet-en-[0-9a-f]{6}$/);
    assert.match(ids[2]!, /^free-tibet-en-[0-9a-f]{6}$/);
    assert.equal(new Set(ids).size, 3);
    assert.deepEqual(
      assignTermIds([
        { text: 'Free Tibet', language: 'en' },
        { text: 'Free Tibet!', language: 'en' },
      ])[1],
      ids[2],
      'a suffix depends on the term, not on which other terms collided',
    );
  });

  test('are the same in every import of the same list, and stay when lines are added', () => {
    const lines = ['Free Tibet', '西藏自由', 'free tibet', '1989 + 六4'];
    const first = join(dir, 'first.rules');
    const second = join(dir, 'second.rules');
    writeFileSync(first, `${lines.join('\n')}\n`);
    writeFileSync(second, `${lines.join('\r\n')}\r\nDemocracy movement\r\n法轮功\r\n`);
    const options = { format: 'rules', language: 'zh-Hans', source: 'test' } as const;
    const ids = importTermList(first, options).terms.map((t) => t.id);
    assert.deepEqual(
      importTermList(first, options).terms.map((t) => t.id),
      ids,
    );
    assert.deepEqual(
      importTermList(second, options)
        .terms.slice(0, 4)
        .map((t) => t.id),
      ids,
    );
    assert.ok(ids.every((id) => ID.test(id)));
  });
});
