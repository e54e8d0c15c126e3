// Unicode normalisation applied before any comparison of text: NFC, zero-width removal, whitespace folding.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const WHITESPACE_RUN = /\s+/gu;

/** `text` in NFC, without zero-width characters, every whitespace run one space, trimmed. Case is kept. */
export function normalise(text: string): string {
  return text.normalize('NFC').replace(ZERO_WIDTH, '').replace(WHITESPACE_RUN, ' ').trim();
}
