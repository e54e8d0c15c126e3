// Gboard's keyboard as data: its package, which key ids mean what, the layers the ime path knows and how to move between them.

/** Gboard's package (the one IME the ime path types on). */
export const GBOARD_PACKAGE = 'com.google.android.inputmethod.latin';

/** The layers of a Gboard layout the ime path types on. */
export const KEYBOARD_LAYERS = ['letters', 'shifted', 'symbols'] as const;
export type KeyboardLayer = (typeof KEYBOARD_LAYERS)[number];

/** A key that changes the layer rather than typing. */
export type SwitchKey = 'shift' | 'to-symbols' | 'to-letters';

/**
 * Resource-id names (after `:id/`) of the keys that do not type their label, as seen in public
 * Gboard dumps: `key_pos_shift`, `key_pos_space`, `key_pos_switch_to_symbol` on the letters layers
 * and `key_pos_back_to_prime` on the symbols layer (a Japanese Gboard's dump; assumed the same
 * for Latin layouts, with the `ABC` label below as the fallback). On the symbols layer the shift
 * slot switches to the second symbols page, so shift counts only on the letters layers.
 */
export const SWITCH_KEY_IDS: Readonly<Record<SwitchKey, readonly string[]>> = {
  shift: ['key_pos_shift'],
  'to-symbols': ['key_pos_switch_to_symbol'],
  'to-letters': ['key_pos_back_to_prime'],
};

/** Labels of the key that returns from the symbols layer to the letters, when its id is not one above. */
export const TO_LETTERS_LABELS: readonly string[] = ['ABC', 'abc'];

/** The space bar. */
export const SPACE_KEY_IDS: readonly string[] = ['key_pos_space'];

/**
 * Resource-id names of keys that type their label: `key_pos_<row>_<column>` (older builds),
 * `key_pos_bottom_symbol_<n>` (the bottom row's comma and period), and the ISO key positions
 * newer builds use (`D01` = q, `C01` = a, `B01`..., `E01`... for the number row, `A02` beside
 * the space bar). Anything else in Gboard's window (toolbar `key_pos_header_*`, suggestions,
 * obfuscated ids) is not a key.
 */
export const CHARACTER_KEY_ID_PATTERNS: readonly RegExp[] = [
  /^key_pos_\d+_\d+$/,
  /^key_pos_bottom_symbol_\d+$/,
  /^[A-E]\d{2}$/,
];

/** Cased letter keys a layer must show to count as a letters (or shifted) layer; a symbols page shows a few (π). */
export const MIN_LETTER_KEYS = 10;

/** Digits every Gboard symbols layer shows on its top row: how that layer is recognised. */
export const SYMBOLS_LAYER_DIGITS = '1234567890';

/**
 * What a layer not on screen is expected to type, for deciding before anything is typed.
 * `symbols`: the first symbols page's keys common to the US English and the Japanese Gboard
 * (digits and `@ # & - + ( ) / * " ' : ; ! ?`); `$ _ %` differ by region (`¥` in Japan) and
 * count only where the symbols layer is on screen. `letters`: a Latin layout, with the comma and
 * period of the bottom row. A layer that is on screen types exactly the keys it shows.
 */
export const EXPECTED_LAYER_KEYS: Readonly<Record<KeyboardLayer, string>> = {
  letters: 'abcdefghijklmnopqrstuvwxyz,.',
  shifted: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ,.',
  symbols: '1234567890@#&-+()/*"\':;!?',
};

/** The switch keys that lead from one layer to another, in order. */
export const LAYER_PATHS: Readonly<
  Record<KeyboardLayer, Readonly<Record<KeyboardLayer, readonly SwitchKey[]>>>
> = {
  letters: { letters: [], shifted: ['shift'], symbols: ['to-symbols'] },
  shifted: { letters: ['shift'], shifted: [], symbols: ['to-symbols'] },
  symbols: { letters: ['to-letters'], shifted: ['to-letters', 'shift'], symbols: [] },
};

/** Where a switch key leads from a layer (what the plan expects; the typist re-reads to see). */
export function layerAfterSwitch(from: KeyboardLayer, key: SwitchKey): KeyboardLayer {
  switch (key) {
    case 'shift':
      return from === 'letters' ? 'shifted' : 'letters';
    case 'to-symbols':
      return 'symbols';
    case 'to-letters':
      return 'letters';
  }
}

/** Where typing a character leaves the keyboard: shift is one-shot, so any key on the shifted layer releases it. */
export function layerAfterKey(on: KeyboardLayer): KeyboardLayer {
  return on === 'shifted' ? 'letters' : on;
}
