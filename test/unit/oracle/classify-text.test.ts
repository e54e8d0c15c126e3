import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyText } from '../../../src/oracle/classify-text.ts';

describe('classifyText', () => {
  test('calls identical text intact', () => {
    assert.deepEqual(classifyText('Free Tibet', 'Free Tibet'), {
      verdict: 'intact',
      difference: null,
    });
  });

  test('calls text intact after NFC, zero-width removal and whitespace folding', () => {
    const decomposed = 'Laisve\u0328 Tibetui'; // ę as e + combining ogonek
    assert.equal(classifyText('Laisvę Tibetui', decomposed).verdict, 'intact');
    assert.equal(classifyText('Free Tibet', ' Free\u200B  Tibet\n').verdict, 'intact');
  });

  test('recognises a whole-term mask with asterisks', () => {
    assert.deepEqual(classifyText('Free Tibet', '**********'), {
      verdict: 'masked',
      difference: '**********',
    });
  });

  test('recognises a partial mask and keeps the difference as evidence', () => {
    assert.deepEqual(classifyText('Free Tibet', 'Free *****'), {
      verdict: 'masked',
      difference: 'Free *****',
    });
  });

  test('recognises masks with full-width and bullet characters', () => {
    assert.equal(classifyText('民主运动', '＊＊＊＊').verdict, 'masked');
    assert.equal(classifyText('Free Tibet', 'Free ●●●●●').verdict, 'masked');
  });

  test('calls a term gone from the text removed', () => {
    assert.equal(classifyText('民主运动', '').verdict, 'removed');
    assert.equal(classifyText('Free Tibet', 'Free').verdict, 'removed');
  });

  test('calls other replacement text altered, including a case change', () => {
    assert.equal(classifyText('Free Tibet', 'Free Xizang').verdict, 'altered');
    assert.equal(classifyText('Free Tibet', 'free tibet').verdict, 'altered');
  });

  test('does not call a mask character that the term itself holds a mask', () => {
    assert.equal(classifyText('a*b', 'a?b').verdict, 'masked');
    assert.equal(classifyText('what?', 'what').verdict, 'removed');
  });
});
