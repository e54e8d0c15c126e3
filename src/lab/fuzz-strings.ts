// Seeded Unicode fuzz strings for the clean-firmware tier: what a harness must type and read back without a false finding.
import { createHash } from 'node:crypto';

export const FUZZ_KINDS = [
  'rtl',
  'combining',
  'emoji-zwj',
  'cjk',
  'long',
  'whitespace',
  'html-js',
  'zero-width',
  'homoglyph',
  'lithuanian',
  'untypable',
] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

export interface FuzzString {
  kind: FuzzKind;
  text: string;
}

const LATIN_WORDS = [
  'bread',
  'river',
  'garden',
  'window',
  'music',
  'paper',
  'stone',
  'lemon',
  'cloud',
];
const ARABIC = ['سلام', 'كتاب', 'مدينة', 'شمس', 'قمر', 'بحر', 'حديقة'];
const HEBREW = ['שלום', 'ספר', 'עיר', 'שמש', 'ים', 'גן'];
const EMOJI = ['👩‍👩‍👧‍👦', '👨🏽‍💻', '🏳️‍🌈', '🇱🇹', '🇹🇼', '👍🏿', '🧑‍🚀', '❤️‍🔥', '😀', '🐉'];
const HTML_JS = [
  '<img src=x onerror=alert(1)>',
  '"\'><script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  'javascript:alert(1)',
  "' OR 1=1 --",
  '<b>bold</b>',
  '&amp; &lt; &#x41;',
  '%00%0d%0a',
  '../../etc/passwd',
];
const WHITESPACE = [' ', '\u00A0', '\u3000', '\u2003', '\u2009', '\u202F'];
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];
const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х' };
const LITHUANIAN = ['ąčęėįšųūž', 'Laisvė', 'žydėjimas', 'Šiauliai', 'ĄČĘĖĮŠŲŪŽ'];
const UNTYPABLE = [
  'line\nbreak',
  'tab\there',
  'bell\u0007',
  'key\uE007enter',
  'lone\uD800surrogate',
  'nul\u0000',
];

/** A deterministic generator in [0, 1) from a seed (sha256 counter mode). */
function seeded(seed: string): () => number {
  let counter = 0;
  return () =>
    createHash('sha256').update(`${seed}:${counter++}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** `count` strings, every kind in turn, the same for the same seed. */
export function fuzzStrings(count: number, seed = 'censorwatch'): FuzzString[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const codePoint = (low: number, high: number): string => String.fromCodePoint(int(low, high));
  const make: Record<FuzzKind, () => string> = {
    rtl: () =>
      `${pick(LATIN_WORDS)} ${pick([...ARABIC, ...HEBREW])}${pick(['', '\u200F', '\u200E'])} ${pick(ARABIC)}`,
    combining: () =>
      Array.from(
        { length: int(2, 6) },
        () =>
          codePoint(0x61, 0x7a) +
          Array.from({ length: int(1, 3) }, () => codePoint(0x300, 0x36f)).join(''),
      ).join(''),
    'emoji-zwj': () => `${pick(LATIN_WORDS)} ${pick(EMOJI)}${pick(EMOJI)}`,
    cjk: () =>
      Array.from({ length: int(2, 8) }, () =>
        pick([
          () => codePoint(0x4e00, 0x9fa5),
          () => codePoint(0xac00, 0xd7a3),
          () => codePoint(0x3041, 0x3096),
        ])(),
      ).join(''),
    // Mostly ~150 characters; one in thirty near 2,000 (typing costs 2-3 ms a character).
    long: () =>
      Array.from({ length: random() < 1 / 30 ? int(250, 300) : int(15, 30) }, () =>
        pick([...LATIN_WORDS, ...ARABIC, '西藏', 'ąžuolas']),
      ).join(' '),
    whitespace: () => Array.from({ length: int(1, 5) }, () => pick(WHITESPACE)).join(''),
    'html-js': () => pick(HTML_JS),
    'zero-width': () => {
      const word = pick(LATIN_WORDS);
      const at = int(1, word.length - 1);
      return `${word.slice(0, at)}${pick(ZERO_WIDTH)}${word.slice(at)}`;
    },
    homoglyph: () =>
      Array.from(pick(LATIN_WORDS), (ch) => (random() < 0.5 ? (HOMOGLYPHS[ch] ?? ch) : ch)).join(
        '',
      ),
    lithuanian: () =>
      `${pick(LITHUANIAN)} ${pick(LITHUANIAN).normalize(random() < 0.5 ? 'NFD' : 'NFC')}`,
    untypable: () => pick(UNTYPABLE),
  };
  return Array.from({ length: count }, (_, index) => {
    const kind = FUZZ_KINDS[index % FUZZ_KINDS.length]!;
    return { kind, text: make[kind]() };
  });
}
