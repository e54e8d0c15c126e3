// Chooses a term's control deterministically: benign words of the same script and similar length.
import { createHash } from 'node:crypto';
import { COMBINATION_SEPARATOR, termParts } from '../term.ts';
import { BENIGN_WORDS, WORDS_BY_SCRIPT } from './benign-words.ts';

/** A control's length may differ from its term's by this share (at least one character). */
const LENGTH_TOLERANCE = 0.2;
/**
 * A control's size on the wire (UTF-8 bytes, and percent-encoded in a URL) may differ from its
 * term's by the same share or this many bytes, whichever is more. Without it a long CJK or emoji
 * payload got a Latin control a tenth its size, and a size limit on the way (a 16 KiB request
 * head) passed the control and stopped the term: a false "blocked".
 */
const MIN_BYTE_TOLERANCE = 16;

const SCRIPTS = [
  'Latin',
  'Han',
  'Cyrillic',
  'Arabic',
  'Hebrew',
  'Greek',
  'Hangul',
  'Hiragana',
  'Katakana',
  'Thai',
  'Devanagari',
  'Tibetan',
  'Uyghur',
] as const;
const SCRIPT_PATTERNS = new Map(
  SCRIPTS.filter((s) => s !== 'Uyghur').map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')]),
);

/** The script most of a text's letters are written in; null when it has no letters. */
export function dominantScript(text: string): string | null {
  const counts = new Map<string, number>();
  for (const ch of text) {
    for (const [script, pattern] of SCRIPT_PATTERNS) {
      if (pattern.test(ch)) counts.set(script, (counts.get(script) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  for (const [script, count] of counts) if (!best || count > counts.get(best)!) best = script;
  return best;
}

/**
 * A control for a term: same script, length within a few characters and size on the wire
 * (bytes, percent-encoded) within a fifth, the same for the same term in every run (seeded
 * by the term's text), so history stays comparable.
 * Combinations get a control per part. A script without a word list, or a term whose size no
 * words can match, gets the term's own graphemes in a seeded shuffle: same script, length and
 * bytes, no longer the filtered sequence.
 */
export function chooseControl(text: string, language: string): string {
  const parts = termParts(text);
  if (parts.length > 1)
    return parts.map((part) => chooseControl(part, language)).join(COMBINATION_SEPARATOR);
  const words = wordsFor(text, language);
  const seed = seededRandom(`${language}\u0000${text}`);
  if (!words) return shuffle(graphemes(text), seed).join('');
  const script = dominantScript(text);
  const joiner = script === 'Han' || script === 'Hiragana' || script === 'Katakana' ? '' : ' ';
  const target = Array.from(text).length;
  const pool = words.filter((w) => !text.includes(w));
  const chosen: string[] = [];
  let length = 0;
  // Add seeded words until within the tolerance of the term's length, never more than it over.
  const tolerance = Math.max(1, Math.round(target * LENGTH_TOLERANCE));
  for (let guard = 0; guard < 200 && length < target - tolerance; guard += 1) {
    const room = target + tolerance - length - (chosen.length > 0 ? joiner.length : 0);
    const fits = pool.filter((w) => Array.from(w).length <= room && !chosen.includes(w));
    if (fits.length === 0) break;
    const word = fits[Math.floor(seed() * fits.length)]!;
    chosen.push(word);
    length = Array.from(chosen.join(joiner)).length;
  }
  if (chosen.length === 0)
    chosen.push(pool.reduce((a, b) => (Array.from(a).length <= Array.from(b).length ? a : b)));
  const joined = chosen.join(joiner);
  const control = startsUpper(text) ? capitalise(joined) : joined;
  // Words that cannot match the term's size on the wire give way to its own characters.
  return sameWireSize(control, text) ? control : shuffle(graphemes(text), seed).join('');
}

/** UTF-8 bytes and percent-encoded length of a text. */
export function wireSizes(text: string): { utf8: number; percentEncoded: number } {
  return {
    utf8: Buffer.byteLength(text, 'utf8'),
    percentEncoded: encodeURIComponent(text).length,
  };
}

function sameWireSize(control: string, term: string): boolean {
  const a = wireSizes(control);
  const b = wireSizes(term);
  const close = (x: number, y: number) =>
    Math.abs(x - y) <= Math.max(MIN_BYTE_TOLERANCE, Math.round(y * LENGTH_TOLERANCE));
  return close(a.utf8, b.utf8) && close(a.percentEncoded, b.percentEncoded);
}

function wordsFor(text: string, language: string): readonly string[] | null {
  const script = dominantScript(text);
  const base = language.split('-')[0]!;
  for (const key of [language, base]) {
    const words = BENIGN_WORDS[key];
    if (words && words.some((w) => dominantScript(w) === script)) return words;
  }
  const byScript = script ? WORDS_BY_SCRIPT[script] : undefined;
  return byScript ? BENIGN_WORDS[byScript]! : null;
}

/** A deterministic generator in [0, 1) from a string seed (sha256 counter mode). */
function seededRandom(seed: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHash('sha256').update(`${seed}\u0000${counter++}`).digest();
    return digest.readUInt32BE(0) / 2 ** 32;
  };
}

const segmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** User-perceived characters: an emoji ZWJ sequence or a letter with its marks stays whole. */
function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const startsUpper = (text: string): boolean => /^\p{Lu}/u.test(text);
const capitalise = (text: string): string => text.charAt(0).toLocaleUpperCase() + text.slice(1);
