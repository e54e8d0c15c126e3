// The characters firmware uses to mask a term.

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
