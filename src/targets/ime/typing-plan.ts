// Pure planning of the ime path: from the keyboard on screen and a text, the taps (keys and layer switches) that type it, or why it cannot.
import {
  EXPECTED_LAYER_KEYS,
  GBOARD_PACKAGE,
  KEYBOARD_LAYERS,
  LAYER_PATHS,
  layerAfterKey,
  layerAfterSwitch,
  type KeyboardLayer,
  type SwitchKey,
} from './gboard-layout.ts';
import {
  readKeyboard,
  type GboardScreen,
  type KeyboardScreen,
  type Point,
} from './keyboard-screen.ts';
import { parseHierarchy } from '../ui-hierarchy.ts';

/** Tap a key that types `char` on `layer`. */
export interface KeyStep {
  kind: 'key';
  char: string;
  layer: KeyboardLayer;
  /** Where to tap: known for keys of the layer read; null for a layer not on screen yet (read it there). */
  at: Point | null;
}

/** Tap a switch key that moves from one layer to another. */
export interface SwitchStep {
  kind: 'switch';
  key: SwitchKey;
  from: KeyboardLayer;
  to: KeyboardLayer;
  at: Point | null;
}

export type ImeStep = KeyStep | SwitchStep;

export interface TypingPlan {
  /** The layer on screen when the plan was made. */
  start: KeyboardLayer;
  steps: ImeStep[];
}

/** Gboard on a layer the ime path knows. */
type ShownLayer = GboardScreen & { layer: KeyboardLayer };

export type PlanResult = { ok: true; plan: TypingPlan } | { ok: false; reason: string };

/** Code points a refusal names at most (a term is never quoted whole). */
const MAX_NAMED_CODE_POINTS = 8;

/** Plans typing `text` on the keyboard of a page source (parsed with the shared hierarchy parser). */
export function planImeTyping(pageSource: string, text: string): PlanResult {
  return planTyping(readKeyboard(parseHierarchy(pageSource)), text);
}

/**
 * Plans typing `text` (code point by code point, as it is: nothing is normalised) on the
 * keyboard read. The whole text is decided here: a keyboard that is not Gboard, a layer the ime
 * path does not know, or one character no known layer holds refuses all of it, so nothing is
 * typed. Layers not on screen are assumed to hold their expected keys (gboard-layout.ts); the
 * typist re-reads when it gets there and plans the rest again from what it sees.
 */
export function planTyping(screen: KeyboardScreen, text: string): PlanResult {
  if (screen.kind === 'none') {
    return refuse(
      'no keyboard window in the page source (the ime path needs appium:enableMultiWindows: true and a focused field)',
    );
  }
  if (screen.kind === 'other') {
    return refuse(
      `the keyboard on screen is ${screen.packageName}; the ime path types only on Gboard (${GBOARD_PACKAGE})`,
    );
  }
  const start = screen.layer;
  if (start === null) {
    return refuse(
      'Gboard shows a layer the ime path does not know (not letters, shifted or symbols)',
    );
  }
  const shown: ShownLayer = { ...screen, layer: start };
  if (text.includes('  ')) {
    return refuse(
      'the text holds two spaces in a row, which Gboard may type as ". " (double-space period)',
    );
  }
  const chars = Array.from(text);
  const steps: ImeStep[] = [];
  const untypable: string[] = [];
  let layer: KeyboardLayer = start;
  for (const char of chars) {
    const route = routeTo(shown, layer, char);
    if (!route) {
      untypable.push(char);
      continue;
    }
    for (const key of route.switches) {
      const to = layerAfterSwitch(layer, key);
      steps.push({ kind: 'switch', key, from: layer, to, at: pointOn(shown, layer, key) });
      layer = to;
    }
    steps.push({
      kind: 'key',
      char,
      layer,
      at: layer === start ? (shown.keys.get(char) ?? null) : null,
    });
    layer = layerAfterKey(layer);
  }
  if (untypable.length > 0) {
    const named = [...new Set(untypable)].map(codePointName);
    const listed = named.slice(0, MAX_NAMED_CODE_POINTS).join(', ');
    const more =
      named.length > MAX_NAMED_CODE_POINTS
        ? `, and ${named.length - MAX_NAMED_CODE_POINTS} more`
        : '';
    return refuse(
      `Gboard's letters, shifted and symbols layers cannot type ${untypable.length} of the text's ${chars.length} characters (${listed}${more})`,
    );
  }
  return { ok: true, plan: { start, steps } };
}

/** The switch keys to the nearest layer that types `char` (the current one first), or null when none does. */
function routeTo(
  screen: ShownLayer,
  from: KeyboardLayer,
  char: string,
): { switches: readonly SwitchKey[] } | null {
  let best: readonly SwitchKey[] | null = null;
  for (const target of [from, ...KEYBOARD_LAYERS.filter((layer) => layer !== from)]) {
    if (!layerTypes(screen, target, char)) continue;
    const path = LAYER_PATHS[from][target];
    if (!reachable(screen, from, path)) continue;
    if (best === null || path.length < best.length) best = path;
  }
  return best === null ? null : { switches: best };
}

/** A path is open when every switch it takes on the layer on screen is a key that layer shows. */
function reachable(screen: ShownLayer, from: KeyboardLayer, path: readonly SwitchKey[]): boolean {
  let layer = from;
  for (const key of path) {
    if (layer === screen.layer && !screen.switches[key]) return false;
    layer = layerAfterSwitch(layer, key);
  }
  return true;
}

/**
 * Whether `layer` types `char`: the layer on screen types exactly what it shows; its case
 * counterpart (letters / shifted) the same keys in the other case; any other layer its expected keys.
 */
function layerTypes(screen: ShownLayer, layer: KeyboardLayer, char: string): boolean {
  if (char === ' ') return layer === screen.layer ? screen.keys.has(' ') : true;
  if (layer === screen.layer) return screen.keys.has(char);
  const counterpart =
    (screen.layer === 'letters' && layer === 'shifted') ||
    (screen.layer === 'shifted' && layer === 'letters');
  if (counterpart) {
    const shown = /\p{L}/u.test(char) ? caseCounterpart(char, screen.layer) : char;
    return shown !== null && screen.keys.has(shown);
  }
  return EXPECTED_LAYER_KEYS[layer].includes(char);
}

/** The key label on `shownLayer` that types `char` in the other case; null when the case does not map one to one (ß). */
function caseCounterpart(char: string, shownLayer: KeyboardLayer): string | null {
  const shown = shownLayer === 'letters' ? char.toLowerCase() : char.toUpperCase();
  const back = shownLayer === 'letters' ? shown.toUpperCase() : shown.toLowerCase();
  return shown !== char && back === char && Array.from(shown).length === 1 ? shown : null;
}

function pointOn(screen: ShownLayer, layer: KeyboardLayer, key: SwitchKey): Point | null {
  return layer === screen.layer ? (screen.switches[key] ?? null) : null;
}

function codePointName(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function refuse(reason: string): PlanResult {
  return { ok: false, reason };
}
