// Chooses a term's control deterministically: benign words of the same script and similar length.
import { createHash } from 'node:crypto';
import { COMBINATION_SEPARATOR, termParts } from '../term.ts';
import { BENIGN_WORDS, WORDS_BY_SCRIPT } from './benign-words.ts';

/** A control's length may differ from its term's by this share (at least one character). */
const LENGTH_TOLERANCE = 0.2;

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
 * A control for a term: same script, length within a few characters, the same for the same
 * term in every run (seeded by the term's text), so history stays comparable.
 * Combinations get a control per part. A script without a word list gets the term's own
 * characters in a seeded shuffle: same script and length, no longer the filtered sequence.
 */
export function chooseControl(text: string, language: string): string {
  const parts = termParts(text);
  if (parts.length > 1)
    return parts.map((part) => chooseControl(part, language)).join(COMBINATION_SEPARATOR);
  const words = wordsFor(text, language);
  const seed = seededRandom(`${language}\u0000${text}`);
  if (!words) return shuffle(Array.from(text), seed).join('');
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
  const control = chosen.join(joiner);
  return startsUpper(text) ? capitalise(control) : control;
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
