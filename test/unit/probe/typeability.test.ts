import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FUZZ_KINDS, fuzzStrings } from '../../../src/lab/fuzz-strings.ts';
import { untypableReason } from '../../../src/probe/typeability.ts';

describe('untypableReason', () => {
  test('lets every script, emoji, mark and space through', () => {
    for (const text of [
      'Free Tibet',
      '西藏',
      'Laisvę',
      'سلام',
      '👩‍👩‍👧‍👦',
      'e\u0301',
      '\u3000',
      '<b>x</b>',
      '',
    ]) {
      assert.equal(untypableReason(text, 'key-events'), null, JSON.stringify(text));
    }
  });

  test('names line breaks, tabs, control characters and lone surrogates', () => {
    for (const text of ['a\nb', 'a\tb', 'a\u0007', 'a\uD800b', '\u0000']) {
      assert.ok(untypableReason(text, 'key-events'), JSON.stringify(text));
    }
  });

  test('names WebDriver key code points for key events only', () => {
    assert.match(untypableReason('a\uE007b', 'key-events') ?? '', /WebDriver/);
    assert.equal(untypableReason('a\uE007b', 'set-text'), null);
  });
});

describe('fuzzStrings', () => {
  test('are the same for the same seed and cover every kind', () => {
    assert.deepEqual(fuzzStrings(50), fuzzStrings(50));
    assert.notDeepEqual(fuzzStrings(50, 'a'), fuzzStrings(50, 'b'));
    assert.deepEqual(new Set(fuzzStrings(50).map((f) => f.kind)), new Set(FUZZ_KINDS));
  });

  test('mark exactly the untypable kind as untypable', () => {
    for (const { kind, text } of fuzzStrings(2200)) {
      assert.equal(
        untypableReason(text, 'key-events') !== null,
        kind === 'untypable',
        `${kind}: ${JSON.stringify(text)}`,
      );
    }
  });
});
