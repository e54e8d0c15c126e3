import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readKeyboard, type GboardScreen } from '../../../src/targets/ime/keyboard-screen.ts';
import { parseHierarchy } from '../../../src/targets/ui-hierarchy.ts';
import { imeFixture } from './fake-gboard-phone.ts';

const read = (name: string) => readKeyboard(parseHierarchy(imeFixture(name)));

function gboard(name: string): GboardScreen {
  const screen = read(name);
  assert.equal(screen.kind, 'gboard');
  return screen as GboardScreen;
}

describe('reading the keyboard from the page source', () => {
  test('the letters layer: each letter key at the centre of its bounds, the comma, period and space bar', () => {
    const screen = gboard('gboard-letters');
    assert.equal(screen.layer, 'letters');
    assert.equal([...screen.keys.keys()].join(''), 'qwertyuiopasdfghjklzxcvbnm, .');
    assert.deepEqual(screen.keys.get('q'), { x: 54, y: 1675 });
    assert.deepEqual(screen.keys.get('a'), { x: 108, y: 1825 });
    assert.deepEqual(screen.keys.get(' '), { x: 594, y: 2125 });
    assert.deepEqual(screen.switches, {
      shift: { x: 81, y: 1975 },
      'to-symbols': { x: 81, y: 2125 },
    });
  });

  test('a key types its main label, not the long-press hint beside it, nor the suggestions or the app', () => {
    const screen = gboard('gboard-letters');
    // the hints 1..0 on q..p, the suggestions "a" and "I", the app's message "q" are not keys
    assert.equal(screen.keys.has('1'), false);
    assert.equal(screen.keys.has('I'), false);
    assert.deepEqual(screen.keys.get('a'), { x: 108, y: 1825 });
    assert.deepEqual(screen.keys.get('q'), { x: 54, y: 1675 });
  });

  test('the shifted layer holds the capitals', () => {
    const screen = gboard('gboard-shifted');
    assert.equal(screen.layer, 'shifted');
    assert.deepEqual(screen.keys.get('Q'), { x: 54, y: 1675 });
    assert.equal(screen.keys.has('q'), false);
  });

  test('the symbols layer: digits and symbols, its letters key; its shift slot (more symbols) is no shift', () => {
    const screen = gboard('gboard-symbols');
    assert.equal(screen.layer, 'symbols');
    assert.equal([...screen.keys.keys()].join(''), '1234567890@#$_&-+()/*"\':;!?, .');
    assert.deepEqual(screen.switches, { 'to-letters': { x: 81, y: 2125 } });
  });

  test('newer builds: ISO key ids with the label in content-desc, and a number row', () => {
    const screen = gboard('gboard-number-row');
    assert.equal(screen.layer, 'letters');
    assert.equal([...screen.keys.keys()].join(''), '1234567890qwertyuiopasdfghjklzxcvbnm, .');
    assert.deepEqual(screen.keys.get('1'), { x: 54, y: 1652 });
  });

  test('a keyboard that is not Gboard is named; no keyboard window is none', () => {
    assert.deepEqual(read('swiftkey-letters'), {
      kind: 'other',
      packageName: 'com.touchtype.swiftkey',
    });
    assert.deepEqual(read('no-keyboard'), { kind: 'none' });
  });

  test('a Gboard layer with neither letters nor the symbols digits is a layer it does not know', () => {
    const emojiLike = imeFixture('gboard-symbols').replace(
      /content-desc="\d"/g,
      'content-desc="☺"',
    );
    const screen = readKeyboard(parseHierarchy(emojiLike.replace(/ text="\d"/g, ' text="☺"')));
    assert.equal(screen.kind === 'gboard' && screen.layer, null);
  });
});
