import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkSeparator,
  composeGroup,
  GROUP_SEPARATOR,
} from '../../../src/screening/compose-group.ts';
import { packGroups } from '../../../src/screening/pack-groups.ts';
import { codePoints, percentEncodedBytes } from '../../../src/screening/payload-measure.ts';
import { chooseControl } from '../../../src/terms/controls/choose-control.ts';
import { payloadOf } from '../../../src/terms/term.ts';
import { mulberry32 } from './simulated-censor.ts';

type Script = 'ascii' | 'cjk' | 'emoji';
const ALPHABETS: Record<Script, string[]> = {
  ascii: [...'abcdefghijklmnopqrstuvwxyz'],
  cjk: [...'民主运动自由西藏台湾独立天安门事件法轮功六四镇压抗议游行'],
  emoji: ['👍', '🇹🇼', '👨‍👩‍👧', '🕯️', '✊🏽', '🌸', '🐻'],
};

/** Seeded terms of one script, one to five words, each with its chosen control. */
function termsOf(script: Script, count: number) {
  const random = mulberry32(count + script.length);
  const word = () =>
    Array.from(
      { length: 2 + Math.floor(random() * 5) },
      () => ALPHABETS[script][Math.floor(random() * ALPHABETS[script].length)]!,
    ).join('');
  const language = script === 'cjk' ? 'zh-Hans' : script === 'ascii' ? 'en' : 'und';
  return Array.from({ length: count }, (_, i) => {
    const text = Array.from({ length: 1 + Math.floor(random() * 4) }, word).join(
      script === 'cjk' ? '' : ' ',
    );
    return { id: `${script}-${i}`, text, language, control: chooseControl(text, language) };
  });
}

const MEASURES = [
  { name: 'percent-encoded bytes', measure: percentEncodedBytes, limit: 2000 },
  { name: 'code points', measure: codePoints, limit: 600 },
] as const;

describe('packGroups', () => {
  for (const script of ['ascii', 'cjk', 'emoji'] as const) {
    for (const { name, measure, limit } of MEASURES) {
      test(`keeps every ${script} payload and control within ${limit} ${name}, each group full`, () => {
        const terms = termsOf(script, 400);
        const { groups, oversize } = packGroups(terms, { measure, limit });
        assert.deepEqual(oversize, []);
        assert.ok(groups.length > 1 && groups.length < terms.length / 4, `${groups.length} groups`);
        groups.forEach((group, g) => {
          assert.ok(measure(group.payload) <= limit, `${group.id} payload`);
          assert.ok(measure(group.control) <= limit, `${group.id} control`);
          // greedy: the first term of the next group did not fit in this one
          const next = groups[g + 1];
          if (!next) return;
          const first = terms.find((t) => t.id === next.memberIds[0])!;
          const grown = group.payload + GROUP_SEPARATOR + payloadOf(first.text);
          const grownControl = group.control + GROUP_SEPARATOR + payloadOf(first.control);
          assert.ok(measure(grown) > limit || measure(grownControl) > limit);
        });
      });
    }

    test(`never splits a ${script} term: every term is in one group, whole, at its span`, () => {
      const terms = termsOf(script, 300);
      const { groups } = packGroups(terms, { measure: percentEncodedBytes, limit: 1500 });
      const placed = groups.flatMap((group) =>
        group.spans.map((span) => [span.id, group.payload.slice(span.start, span.end)] as const),
      );
      assert.deepEqual(
        placed,
        terms.map((t) => [t.id, payloadOf(t.text)]),
      );
      for (const group of groups) {
        group.controlSpans.forEach((span) => {
          const term = terms.find((t) => t.id === span.id)!;
          assert.equal(group.control.slice(span.start, span.end), payloadOf(term.control));
        });
      }
    });

    test(`builds a ${script} group control near the payload's size from the members' controls`, () => {
      const terms = termsOf(script, 300);
      for (const { measure, limit } of MEASURES) {
        for (const group of packGroups(terms, { measure, limit }).groups) {
          const sent = measure(group.payload);
          const control = measure(group.control);
          assert.ok(Math.abs(control - sent) <= sent * 0.2, `${group.id}: ${control} vs ${sent}`);
        }
      }
    });
  }

  test('leaves a term longer than the limit whole, outside every group', () => {
    const terms = [
      { id: 'short', text: 'Free Tibet', control: 'Good bread' },
      { id: 'long', text: '自由'.repeat(40), control: '天气'.repeat(40) },
      { id: 'after', text: 'Tiananmen', control: 'Amsterdam' },
    ];
    const { groups, oversize } = packGroups(terms, { measure: percentEncodedBytes, limit: 200 });
    assert.deepEqual(oversize, ['long']);
    assert.deepEqual(
      groups.map((g) => g.memberIds),
      [['short', 'after']],
    );
  });

  test('types a combination term as its parts joined by a space', () => {
    const group = composeGroup([
      { id: 'combo', text: '习近平 + 小熊维尼', control: '天气很 + 好朋友们' },
    ]);
    assert.equal(group.payload, '习近平 小熊维尼');
    assert.equal(group.control, '天气很 好朋友们');
  });

  test('caps the members of a group at maxMembers', () => {
    const terms = termsOf('ascii', 50);
    const { groups } = packGroups(terms, { measure: codePoints, limit: 10_000, maxMembers: 8 });
    assert.deepEqual(
      groups.map((g) => g.memberIds.length),
      [8, 8, 8, 8, 8, 8, 2],
    );
  });

  test('refuses a limit that is not a positive number, naming it', () => {
    assert.throws(
      () => packGroups([], { measure: codePoints, limit: 0 }),
      /Expected `limit` to be a finite number > 0, got 0/,
    );
  });
});

describe('the group separator', () => {
  /** A filter that strips spaces and punctuation before matching, as keyword filters do. */
  const strippingFilter = (keyword: string) => (payload: string) =>
    payload.replace(/[\s\p{P}\p{S}]/gu, '').includes(keyword.replace(/[\s\p{P}\p{S}]/gu, ''));

  test('keeps a keyword from matching across two members, even with spaces and punctuation stripped', () => {
    const group = composeGroup([
      { id: 'a', text: 'Free', control: 'Good' },
      { id: 'b', text: 'Tibet', control: 'bread' },
      { id: 'c', text: '习', control: '天' },
      { id: 'd', text: '近平', control: '气好' },
    ]);
    assert.equal(group.payload.includes('Free Tibet'), false);
    assert.equal(strippingFilter('Free Tibet')(group.payload), false);
    assert.equal(strippingFilter('习近平')(group.payload), false);
    // what a combination filter sees is still there: that is combination isolation's work
    assert.ok(group.payload.includes('Free') && group.payload.includes('Tibet'));
  });

  test('refuses a separator of spaces alone, or of spaces and punctuation only', () => {
    assert.throws(() => checkSeparator(' '), /visible text/);
    assert.throws(() => checkSeparator(' ; '), /a letter or a digit/);
    assert.throws(() => checkSeparator(' \n '), /visible text/);
    assert.throws(() => checkSeparator('a\tb'), /control character/);
    assert.doesNotThrow(() => checkSeparator(GROUP_SEPARATOR));
  });
});

describe('payload measures', () => {
  test('count percent-encoded bytes as encodeURIComponent writes them, and code points', () => {
    for (const text of ['Free Tibet', '民主运动', '👨‍👩‍👧 🇹🇼', "a-b_c.d!e~f*g'h(i)j"]) {
      assert.equal(percentEncodedBytes(text), encodeURIComponent(text).length, text);
    }
    assert.equal(codePoints('👨‍👩‍👧'), 5);
    assert.equal(codePoints('民主'), 2);
    assert.equal(percentEncodedBytes('\uD800'), encodeURIComponent('\uFFFD').length);
  });
});
