// Pure reading of the on-screen keyboard from a UI hierarchy: which keyboard, which Gboard layer, where each key is.
import {
  CHARACTER_KEY_ID_PATTERNS,
  GBOARD_PACKAGE,
  MIN_LETTER_KEYS,
  SPACE_KEY_IDS,
  SWITCH_KEY_IDS,
  SYMBOLS_LAYER_DIGITS,
  TO_LETTERS_LABELS,
  type KeyboardLayer,
  type SwitchKey,
} from './gboard-layout.ts';
import type { Bounds, UiHierarchy, UiNode } from '../ui-hierarchy.ts';

/** A screen point in px, where a tap lands. */
export interface Point {
  x: number;
  y: number;
}

/** Gboard on screen: its layer and the centre of each key it shows. */
export interface GboardScreen {
  kind: 'gboard';
  /** The layer shown; null for one the ime path does not know (emoji, number pad, second symbols page, an uncased script). */
  layer: KeyboardLayer | null;
  /** What each key types, with the centre of its key; `' '` is the space bar. The first key of a label wins. */
  keys: ReadonlyMap<string, Point>;
  /** The switch keys this layer shows. */
  switches: Readonly<Partial<Record<SwitchKey, Point>>>;
}

export type KeyboardScreen =
  /** No keyboard window in the page source (hidden, or multi-window page sources are off). */
  | { kind: 'none' }
  /** A keyboard that is not Gboard. */
  | { kind: 'other'; packageName: string }
  | GboardScreen;

/**
 * Keyboards that are not Gboard, so a refusal can name them (the ime path types only on Gboard).
 * Any other package whose name says `inputmethod` or `keyboard` counts as a keyboard too.
 */
const OTHER_KEYBOARD_PACKAGES: readonly { packageName: string; note: string }[] = [
  { packageName: 'com.samsung.android.honeyboard', note: 'Samsung Keyboard' },
  { packageName: 'com.touchtype.swiftkey', note: 'Microsoft SwiftKey' },
  {
    packageName: 'com.sohu.inputmethod.sogou.xiaomi',
    note: 'Sogou, preinstalled on Xiaomi phones',
  },
  { packageName: 'com.baidu.input_mi', note: 'Baidu IME, Xiaomi build' },
  { packageName: 'com.iflytek.inputmethod.miui', note: 'iFlytek IME, Xiaomi build' },
  { packageName: 'com.huawei.ohos.inputmethod', note: 'Huawei Celia Keyboard' },
  { packageName: 'com.android.inputmethod.latin', note: 'AOSP keyboard' },
];
const KEYBOARD_LIKE_PACKAGE = /inputmethod|keyboard/i;

const GBOARD_ID_PREFIX = `${GBOARD_PACKAGE}:id/`;

/** Reads the keyboard shown in a page source that holds every window (`appium:enableMultiWindows`). */
export function readKeyboard(hierarchy: UiHierarchy): KeyboardScreen {
  const nodes = allNodes(hierarchy.document);
  const gboard = nodes.filter((node) => node.packageName === GBOARD_PACKAGE);
  if (gboard.length === 0) {
    const other = nodes.find(
      (node) =>
        OTHER_KEYBOARD_PACKAGES.some((known) => known.packageName === node.packageName) ||
        KEYBOARD_LIKE_PACKAGE.test(node.packageName),
    );
    return other ? { kind: 'other', packageName: other.packageName } : { kind: 'none' };
  }
  const keys = new Map<string, Point>();
  const switches: Partial<Record<SwitchKey, Point>> = {};
  for (const node of gboard) {
    const at = centreOf(node);
    if (!at) continue;
    const id = node.resourceId.startsWith(GBOARD_ID_PREFIX)
      ? node.resourceId.slice(GBOARD_ID_PREFIX.length)
      : '';
    const role = switchRoleOf(id);
    if (id.startsWith('key_pos_') || isCharacterKeyId(id)) {
      const label = labelOf(node);
      // the symbols layer's letters key, whatever slot id it has
      if (TO_LETTERS_LABELS.includes(label) && !id.startsWith('key_pos_header')) {
        switches['to-letters'] ??= at;
      } else if (role) {
        switches[role] ??= at;
      } else if (SPACE_KEY_IDS.includes(id)) {
        if (!keys.has(' ')) keys.set(' ', at);
      } else if (isCharacterKeyId(id) && Array.from(label).length === 1 && !keys.has(label)) {
        keys.set(label, at);
      }
    }
  }
  const layer = layerOf(keys, switches);
  // on the symbols layer the shift slot opens the second symbols page
  if (layer !== 'letters' && layer !== 'shifted') delete switches.shift;
  if (layer === 'letters' || layer === 'shifted') delete switches['to-letters'];
  return { kind: 'gboard', layer, keys, switches };
}

function switchRoleOf(id: string): SwitchKey | null {
  for (const [role, ids] of Object.entries(SWITCH_KEY_IDS) as [SwitchKey, readonly string[]][]) {
    if (ids.includes(id)) return role;
  }
  return null;
}

/** Which layer the keys make: cased letters (mostly lower or upper), or the digits of the symbols layer. */
function layerOf(
  keys: ReadonlyMap<string, Point>,
  switches: Partial<Record<SwitchKey, Point>>,
): KeyboardLayer | null {
  let lower = 0;
  let upper = 0;
  for (const label of keys.keys()) {
    if (/\p{Ll}/u.test(label)) lower += 1;
    else if (/\p{Lu}/u.test(label)) upper += 1;
  }
  if (lower + upper >= MIN_LETTER_KEYS) {
    if (lower > upper && upper === 0) return 'letters';
    if (upper > lower && lower === 0) return 'shifted';
    return null;
  }
  const digits = Array.from(SYMBOLS_LAYER_DIGITS).every((digit) => keys.has(digit));
  return digits && switches['to-letters'] ? 'symbols' : null;
}

/**
 * What a key types: its own text, else the text of its largest labelled descendant (the main
 * label, not the small long-press hint beside it), else its content-desc.
 */
function labelOf(node: UiNode): string {
  if (node.text !== '') return node.text;
  let best: { text: string; area: number } | null = null;
  for (const descendant of allNodes(node).slice(1)) {
    if (descendant.text === '' || !descendant.displayed) continue;
    const area = areaOf(descendant.bounds);
    if (!best || area > best.area) best = { text: descendant.text, area };
  }
  return best?.text ?? node.contentDesc;
}

function isCharacterKeyId(id: string): boolean {
  return CHARACTER_KEY_ID_PATTERNS.some((pattern) => pattern.test(id));
}

function centreOf(node: UiNode): Point | null {
  const b = node.bounds;
  if (!node.displayed || !b || b.right <= b.left || b.bottom <= b.top) return null;
  return { x: Math.floor((b.left + b.right) / 2), y: Math.floor((b.top + b.bottom) / 2) };
}

function areaOf(bounds: Bounds | null): number {
  return bounds
    ? Math.max(0, bounds.right - bounds.left) * Math.max(0, bounds.bottom - bounds.top)
    : 0;
}

function allNodes(root: UiNode): UiNode[] {
  const all: UiNode[] = [];
  const walk = (node: UiNode): void => {
    all.push(node);
    for (const child of node.children) walk(child);
  };
  walk(root);
  return all;
}
