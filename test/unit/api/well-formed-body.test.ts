import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldName } from '../../../src/api/api-errors.ts';
import { illFormedPath } from '../../../src/api/well-formed-body.ts';

describe('illFormedPath', () => {
  test('finds the first lone surrogate and names where it is', () => {
    assert.deepEqual(illFormedPath({ terms: [{ text: 'ok' }, { text: 'a\ud800' }] }), [
      'terms',
      1,
      'text',
    ]);
    assert.deepEqual(illFormedPath({ devices: ['\udfff'] }), ['devices', 0]);
    assert.deepEqual(illFormedPath('x\ud800'), []);
    assert.deepEqual(
      illFormedPath({ terms: [{ ['k\ud800']: 1 }] }),
      ['terms', 0],
      'a key names its object',
    );
  });

  test('passes well-formed text, pairs of surrogates included', () => {
    assert.equal(
      illFormedPath({ terms: [{ text: '習近平 😀 \ud83d\ude00' }], n: 1, ok: true, none: null }),
      undefined,
    );
    assert.equal(illFormedPath(undefined), undefined);
  });
});

describe('fieldName', () => {
  test('names fields as the other errors do', () => {
    assert.equal(fieldName(['terms', 0, 'text']), 'terms[0].text');
    assert.equal(fieldName(['terms', '2', 'control']), 'terms[2].control');
    assert.equal(fieldName([]), 'body');
  });
});
