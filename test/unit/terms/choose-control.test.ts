import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  chooseControl,
  dominantScript,
  wireSizes,
} from '../../../src/terms/controls/choose-control.ts';
import { loadTermList } from '../../../src/terms/load-term-list.ts';

const SAMPLES: [text: string, language: string][] = [
  ['Free Tibet', 'en'],
  ['Long live Taiwan independence', 'en'],
  ['西藏自由', 'zh-Hans'],
  ['台湾独立万岁', 'zh-Hans'],
  ['臺灣獨立', 'zh-Hant'],
  ['Laisvę Tibetui', 'lt'],
  ['Tegyvuoja Taivano nepriklausomybė', 'lt'],
  ['Свободу Тибету', 'ru'],
  ['تحرير التبت', 'ar'],
  ['Freies Tibet', 'de'],
];

const length = (text: string): number => Array.from(text).length;

describe('chooseControl', () => {
  test('gives the same control for the same term in every run', () => {
    for (const [text, language] of SAMPLES) {
      assert.equal(chooseControl(text, language), chooseControl(text, language), text);
    }
  });

  test('writes the control in the same script as the term', () => {
    for (const [text, language] of SAMPLES) {
      assert.equal(dominantScript(chooseControl(text, language)), dominantScript(text), text);
    }
  });

  test('keeps the control within a fifth of the term length (at least one character)', () => {
    for (const [text, language] of SAMPLES) {
      const tolerance = Math.max(1, Math.round(length(text) * 0.2));
      const control = chooseControl(text, language);
      assert.ok(Math.abs(length(control) - length(text)) <= tolerance, `${text} -> ${control}`);
    }
  });

  test("matches the term's size on the wire: UTF-8 bytes and percent-encoded length", () => {
    const long = `Free ${'西藏自由'.repeat(200)} 👩‍👩‍👧 ${'ok '.repeat(100)}`;
    for (const [text, language] of [...SAMPLES, [long, 'en'] as const]) {
      const control = chooseControl(text, language);
      const [a, b] = [wireSizes(control), wireSizes(text)];
      const close = (x: number, y: number) => Math.abs(x - y) <= Math.max(16, Math.round(y * 0.2));
      assert.ok(close(a.utf8, b.utf8), `${text.slice(0, 20)}: ${a.utf8} vs ${b.utf8} bytes`);
      assert.ok(close(a.percentEncoded, b.percentEncoded), `${text.slice(0, 20)}: encoded`);
    }
  });

  test('keeps benign words (not a shuffle of the term) for every term of the default list', () => {
    for (const term of loadTermList('terms/xiaomi-2021.yaml').terms) {
      const sorted = (t: string) => Array.from(t.replace(/ \+ /g, '')).sort().join('');
      assert.notEqual(sorted(term.control), sorted(term.text), `${term.text} -> ${term.control}`);
    }
  });

  test('never repeats the term or any of its words', () => {
    for (const [text, language] of SAMPLES) {
      const control = chooseControl(text, language);
      assert.notEqual(control, text);
      for (const word of text.split(' '))
        assert.ok(!control.split(' ').includes(word), `${text} -> ${control}`);
    }
  });

  test('gives a combination a control per part', () => {
    const control = chooseControl('西藏 + 獨立', 'zh-Hant');
    const parts = control.split(' + ');
    assert.equal(parts.length, 2);
    for (const part of parts) assert.equal(dominantScript(part), 'Han');
  });

  test('falls back to a seeded shuffle of the term for a script without a word list', () => {
    const control = chooseControl('تحرير التبت', 'ar');
    assert.deepEqual(Array.from(control).sort(), Array.from('تحرير التبت').sort());
  });
});

describe('term lists without controls', () => {
  test('get chosen controls, marked as chosen', () => {
    const list = loadTermList('terms/xiaomi-2021.yaml');
    const tibet = list.terms.find((t) => t.id === 'free-tibet-en')!;
    assert.equal(tibet.control, chooseControl('Free Tibet', 'en'));
    assert.equal(tibet.controlSource, 'chosen');
  });
});
