// Unicode normalisation applied before any comparison: NFC, zero-width removal, whitespace folding.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const WHITESPACE_RUN = /\s+/gu;

export function normalise(text: string): string {
  return text.normalize('NFC').replace(ZERO_WIDTH, '').replace(WHITESPACE_RUN, ' ').trim();
}

/** Characters firmware uses to mask a term. */
export const MASK_CHARACTERS = new Set([
  '*',
  '＊',
  '∗',
  '✱',
  '•',
  '●',
  '·',
  '×',
  '✕',
  '□',
  '■',
  '?',
  '？',
  '＃',
]);
