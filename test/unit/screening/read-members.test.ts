import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { composeGroup } from '../../../src/screening/compose-group.ts';
import { packGroups } from '../../../src/screening/pack-groups.ts';
import { codePoints } from '../../../src/screening/payload-measure.ts';
import { readMembers } from '../../../src/screening/read-members.ts';
import { SimulatedCensor, type CensorRule } from './simulated-censor.ts';

const group = composeGroup([
  { id: 'tibet', text: 'Free Tibet', control: 'Good bread' },
  { id: 'minzhu', text: '民主运动', control: '天气很好' },
  { id: 'emoji', text: '🇹🇼 ✊🏽', control: '✊🏽 🇹🇼' },
  { id: 'laisve', text: 'Laisvė Tibetui', control: 'Gera duona' },
  { id: 'tiananmen', text: 'Tiananmen', control: 'Amsterdam' },
]);
const { payload, spans } = group;

function readings(observed: string) {
  const read = readMembers(payload, spans, observed);
  return Object.fromEntries(read.members.map((m) => [m.id, m.reading]));
}
const intactExcept = (changed: Record<string, string>) => ({
  tibet: 'intact',
  minzhu: 'intact',
  emoji: 'intact',
  laisve: 'intact',
  tiananmen: 'intact',
  ...changed,
});

describe('readMembers', () => {
  test('clears every member of an observation equal to the payload after normalisation', () => {
    const read = readMembers(payload, spans, `  ${payload.replaceAll(' ', '  ')}\u200B\n`);
    assert.equal(read.changed, false);
    assert.deepEqual(read.cleared, ['tibet', 'minzhu', 'emoji', 'laisve', 'tiananmen']);
    assert.deepEqual([...read.candidates, ...read.unknown], []);
    const decomposed = payload.replace('ė', 'e\u0307');
    assert.equal(readMembers(payload, spans, decomposed).changed, false);
  });

  test('calls a member masked with asterisks, full-width asterisks or bullets, and keeps the evidence', () => {
    const read = readMembers(payload, spans, payload.replace('Tibet ;', '***** ;'));
    assert.deepEqual(
      read.members.find((m) => m.id === 'tibet'),
      { id: 'tibet', reading: 'masked', observed: 'Free *****' },
    );
    assert.deepEqual(read.candidates, ['tibet']);
    assert.deepEqual(read.cleared, ['minzhu', 'emoji', 'laisve', 'tiananmen']);
    assert.deepEqual(
      readings(payload.replace('民主运动', '＊＊＊＊')),
      intactExcept({ minzhu: 'masked' }),
    );
    assert.deepEqual(
      readings(payload.replace('Tiananmen', '●●●●●●●●●')),
      intactExcept({ tiananmen: 'masked' }),
    );
    assert.deepEqual(readings(payload.replace('🇹🇼 ✊🏽', '**')), intactExcept({ emoji: 'masked' }));
  });

  test('calls a member removed when nothing, or only part of it, stands in its place', () => {
    assert.deepEqual(
      readings(payload.replace('民主运动', '')),
      intactExcept({ minzhu: 'removed' }),
    );
    assert.deepEqual(
      readings(payload.replace('Tiananmen', 'Tian')),
      intactExcept({ tiananmen: 'removed' }),
    );
    assert.deepEqual(
      readings(payload.replace('Free Tibet', 'Free')),
      intactExcept({ tibet: 'removed' }),
    );
  });

  test('calls a member altered when other text stands in its place: words, case, a stripped diacritic', () => {
    assert.deepEqual(
      readings(payload.replace('Free Tibet', 'Free Xizang')),
      intactExcept({ tibet: 'altered' }),
    );
    assert.deepEqual(
      readings(payload.replace('Tiananmen', 'tiananmen')),
      intactExcept({ tiananmen: 'altered' }),
    );
    assert.deepEqual(
      readings(payload.replace('Laisvė', 'Laisve')),
      intactExcept({ laisve: 'altered' }),
    );
    assert.deepEqual(
      readings(payload.replace('民主运动', '和谐')),
      intactExcept({ minzhu: 'altered' }),
    );
    assert.deepEqual(readings(`${payload}!`), intactExcept({ tiananmen: 'altered' }));
  });

  test('classifies several changed members in one observation', () => {
    const observed = payload
      .replace('Tibet ;', '***** ;')
      .replace('民主运动', '')
      .replace('Tiananmen', 'Beijing');
    assert.deepEqual(
      readings(observed),
      intactExcept({ tibet: 'masked', minzhu: 'removed', tiananmen: 'altered' }),
    );
  });

  test('marks the members beside a changed separator unknown rather than guessing', () => {
    // a mask that runs over a separator
    assert.deepEqual(
      readings(payload.replace('Tibet ; x ; 民主', '**************')),
      intactExcept({ tibet: 'unknown', minzhu: 'unknown' }),
    );
    // a member removed with a separator: it, and the neighbour that separator stood beside, are unknown
    const removed = readings(payload.replace(' ; x ; 民主运动', ''));
    assert.equal(removed.minzhu, 'unknown');
    assert.deepEqual([removed.tibet, removed.emoji].sort(), ['intact', 'unknown']);
    assert.deepEqual([removed.laisve, removed.tiananmen], ['intact', 'intact']);
    // a separator altered, the members beside it untouched
    const read = readMembers(payload, spans, payload.replace('Tibetui ; x ;', 'Tibetui ; y ;'));
    assert.deepEqual(read.unknown, ['laisve', 'tiananmen']);
    assert.deepEqual(read.cleared, ['tibet', 'minzhu', 'emoji']);
  });

  test('marks every member unknown when the observation is not the payload with parts changed', () => {
    for (const observed of ['', 'Search results', '**********']) {
      const read = readMembers(payload, spans, observed);
      assert.equal(read.changed, true);
      assert.deepEqual(read.unknown, ['tibet', 'minzhu', 'emoji', 'laisve', 'tiananmen'], observed);
    }
    const far = readMembers(payload, spans, payload.replace('Free Tibet', 'Free *****'), {
      maxEdits: 4,
    });
    assert.deepEqual(far.cleared, []);
  });

  test('reads a member holding a mask character as the oracle reads a term', () => {
    const g = composeGroup([
      { id: 'star', text: 'a*b', control: 'c*d' },
      { id: 'what', text: 'what?', control: 'when?' },
    ]);
    const read = readMembers(
      g.payload,
      g.spans,
      g.payload.replace('a*b', 'a?b').replace('what?', 'what'),
    );
    assert.deepEqual(
      read.members.map((m) => m.reading),
      ['masked', 'removed'],
    );
  });
  test('classifies every member of a packed group in one probe of a masking channel', () => {
    const terms = Array.from({ length: 300 }, (_, i) => ({
      id: `t${i}`,
      text: i % 2 ? `自由${i}号` : `free speech ${i}`,
      control: i % 2 ? `天气${i}号` : `good bread ${i}`,
    }));
    const planted = [3, 50, 51, 120, 299].map((i) => terms[i]!);
    const rules: CensorRule[] = planted.map((t, k) => ({
      keyword: t.text,
      action: (['mask', 'remove', 'alter'] as const)[k % 3]!,
    }));
    const censor = new SimulatedCensor({ rules });
    const { groups } = packGroups(terms, { measure: codePoints, limit: 4096 });
    const candidates: string[] = [];
    let cleared = 0;
    for (const group of groups) {
      const read = readMembers(group.payload, group.spans, censor.observe(group.payload).rendered);
      assert.deepEqual(read.unknown, []);
      candidates.push(...read.candidates);
      cleared += read.cleared.length;
    }
    assert.ok(groups.length <= 3, `${groups.length} probes for 300 terms`);
    assert.deepEqual(
      candidates,
      planted.map((t) => t.id),
    );
    assert.equal(cleared, 295);
  });
});
