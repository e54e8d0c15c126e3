import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadTermList } from '../../../src/terms/load-term-list.ts';
import { derivedTermId, isSameTerm, termIdentity } from '../../../src/terms/term-identity.ts';

const listed = { text: 'Free Tibet', language: 'en' };

describe('termIdentity', () => {
  test('the same text pasted is the same term, whatever whitespace and zero-width characters', () => {
    for (const text of [
      'Free Tibet',
      ' Free Tibet ',
      'Free   Tibet',
      'Free\tTibet',
      'Free\u00a0Tibet',
      'Free \u200bTibet',
    ]) {
      assert.ok(isSameTerm(listed, { text, language: 'en' }), JSON.stringify(text));
    }
  });

  test('NFC and NFD forms of a text are the same term', () => {
    assert.ok(
      isSameTerm(
        { text: 'Caf\u00e9 libre', language: 'fr' },
        { text: 'Cafe\u0301 libre', language: 'fr' },
      ),
    );
  });

  test('a language tag matches without case, as BCP 47 says', () => {
    assert.ok(
      isSameTerm(
        { text: '西藏自由', language: 'zh-Hans' },
        { text: '西藏自由', language: 'zh-hans' },
      ),
    );
  });

  test('the same text in another language is another term', () => {
    assert.ok(!isSameTerm(listed, { text: 'Free Tibet', language: 'de' }));
    assert.ok(!isSameTerm(listed, { text: 'Free Tibet', language: 'und' }));
  });

  test('case is kept: firmware may filter one spelling and not the other', () => {
    assert.ok(!isSameTerm(listed, { text: 'free tibet', language: 'en' }));
  });

  test('is readable: the language, then the normalised text', () => {
    assert.equal(termIdentity({ text: ' Free\u200b  Tibet', language: 'EN' }), 'en Free Tibet');
  });
});

describe('derivedTermId', () => {
  test('the same term gets the same id, a valid term list id', () => {
    const id = derivedTermId(listed);
    assert.match(id, /^term-[0-9a-f]{12}$/);
    assert.equal(derivedTermId({ text: 'Free  Tibet ', language: 'EN' }), id);
  });

  test('different terms get different ids', () => {
    const ids = new Set(loadTermList('terms/xiaomi-2021.yaml').terms.map((t) => derivedTermId(t)));
    assert.equal(ids.size, loadTermList('terms/xiaomi-2021.yaml').terms.length);
    assert.notEqual(derivedTermId(listed), derivedTermId({ text: 'Free Tibet', language: 'de' }));
  });
});
