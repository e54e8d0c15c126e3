import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  planImeTyping,
  type ImeStep,
  type PlanResult,
} from '../../../src/targets/ime/typing-plan.ts';
import { imeFixture } from './fake-gboard-phone.ts';

const LETTERS = imeFixture('gboard-letters');
const SHIFTED = imeFixture('gboard-shifted');
const SYMBOLS = imeFixture('gboard-symbols');

/** A plan as short words: `h` a key on the layer read, `H?` a key on a layer not on screen yet, `[shift]` a switch. */
function outline(result: PlanResult): string {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan.steps.map(word).join(' ');
}

function word(step: ImeStep): string {
  if (step.kind === 'switch') return `[${step.key}${step.at ? '' : '?'}]`;
  return `${step.char === ' ' ? '␣' : step.char}${step.at ? '' : '?'}`;
}

function refusal(result: PlanResult): string {
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? '' : result.reason;
}

describe('planning the keys that type a text on Gboard', () => {
  test('lower-case words and spaces are keys of the letters layer, at the centre of each key', () => {
    const result = planImeTyping(LETTERS, 'free tibet');
    assert.equal(outline(result), 'f r e e ␣ t i b e t');
    assert.ok(result.ok);
    assert.deepEqual(result.plan.steps[0], {
      kind: 'key',
      char: 'f',
      layer: 'letters',
      at: { x: 432, y: 1825 },
    });
    assert.deepEqual(result.plan.steps[4], {
      kind: 'key',
      char: ' ',
      layer: 'letters',
      at: { x: 594, y: 2125 },
    });
  });

  test('a capital is shift then the key on the shifted layer, and shift lets go after one key', () => {
    const result = planImeTyping(LETTERS, 'Free Tibet');
    assert.equal(outline(result), '[shift] F? r e e ␣ [shift] T? i b e t');
    assert.ok(result.ok);
    assert.deepEqual(result.plan.steps[0], {
      kind: 'switch',
      key: 'shift',
      from: 'letters',
      to: 'shifted',
      at: { x: 81, y: 1975 },
    });
  });

  test('digits and punctuation go through the symbols layer and back (where the letters keys are known again)', () => {
    assert.equal(
      outline(planImeTyping(LETTERS, 'tibet 1989! ok')),
      't i b e t ␣ [to-symbols] 1? 9? 8? 9? !? ␣? [to-letters?] o k',
    );
  });

  test("the letters layer's comma and period are typed there; the symbols layer's quote and colon there", () => {
    assert.equal(outline(planImeTyping(LETTERS, 'a, b.')), 'a , ␣ b .');
    assert.equal(
      outline(planImeTyping(LETTERS, '"a":')),
      '[to-symbols] "? [to-letters?] a [to-symbols] "? :?',
    );
  });

  test('from the shifted layer (an auto-capitalised field) lower case starts with shift', () => {
    assert.equal(outline(planImeTyping(SHIFTED, 'Hi there')), 'H i? ␣? t? h? e? r? e?');
    assert.equal(outline(planImeTyping(SHIFTED, 'hi')), '[shift] h? i?');
  });

  test('from the symbols layer, the letters key leads back (and shift after it for a capital)', () => {
    assert.equal(outline(planImeTyping(SYMBOLS, '$5 Ok')), '$ 5 ␣ [to-letters] [shift?] O? k?');
  });

  test('a symbol only some regions show ($ % _) counts only where the symbols layer is on screen', () => {
    assert.match(
      refusal(planImeTyping(LETTERS, 'pay $5')),
      /1 of the text's 6 characters \(U\+0024\)/,
    );
    assert.equal(outline(planImeTyping(SYMBOLS, '$')), '$');
  });

  test('digits on a number row are typed without leaving the letters', () => {
    assert.equal(
      outline(planImeTyping(imeFixture('gboard-number-row'), 'june 4 1989')),
      'j u n e ␣ 4 ␣ 1 9 8 9',
    );
  });

  test('an empty text is an empty plan', () => {
    const result = planImeTyping(LETTERS, '');
    assert.deepEqual(result, { ok: true, plan: { start: 'letters', steps: [] } });
  });

  test('refuses a script the known layers do not hold, the whole text, naming code points and not the text', () => {
    for (const [text, named] of [
      ['свобода', 'U+0441'],
      ['自由', 'U+81EA, U+7531'],
      ['حرية', 'U+062D'],
      ['🏔', 'U+1F3D4'],
      ['Free Тибет', 'U+0422'],
      ['cafe\u0301', 'U+0301'],
      ['café', 'U+00E9'],
      ['line\nbreak', 'U+000A'],
    ] as const) {
      const reason = refusal(planImeTyping(LETTERS, text));
      assert.ok(reason.includes(named), `${JSON.stringify(text)}: ${reason}`);
      assert.ok(!reason.includes(text), 'the term is not quoted in the reason');
    }
  });

  test('names at most eight code points of a long refusal', () => {
    const reason = refusal(planImeTyping(LETTERS, 'абвгдежзийк'));
    assert.match(reason, /11 of the text's 11 characters \(U\+0430, .*U\+0437, and 3 more\)/);
  });

  test('refuses two spaces in a row (Gboard may type them as ". ")', () => {
    assert.match(refusal(planImeTyping(LETTERS, 'free  tibet')), /two spaces in a row/);
  });

  test('refuses a keyboard that is not Gboard, and a page source with no keyboard, whatever the text', () => {
    assert.match(
      refusal(planImeTyping(imeFixture('swiftkey-letters'), 'abc')),
      /com\.touchtype\.swiftkey; the ime path types only on Gboard/,
    );
    assert.match(
      refusal(planImeTyping(imeFixture('no-keyboard'), 'abc')),
      /no keyboard window .*appium:enableMultiWindows: true/,
    );
  });

  test('refuses a Gboard layer it does not know', () => {
    const noDigits = SYMBOLS.replace(/content-desc="\d"/g, 'content-desc="☺"').replace(
      / text="\d"/g,
      ' text="☺"',
    );
    assert.match(refusal(planImeTyping(noDigits, 'abc')), /layer the ime path does not know/);
  });

  test('a symbols key is unreachable when the layer on screen shows no switch to it', () => {
    const noSymbolsKey = LETTERS.replace(':id/key_pos_switch_to_symbol"', ':id/key_pos_gone"');
    assert.match(refusal(planImeTyping(noSymbolsKey, 'a1')), /\(U\+0031\)/);
    assert.equal(outline(planImeTyping(noSymbolsKey, 'a.')), 'a .');
  });
});
