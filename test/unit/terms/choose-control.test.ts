import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseControl, dominantScript } from '../../../src/terms/controls/choose-control.ts';
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
