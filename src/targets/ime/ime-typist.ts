// The ime path's effectful edge: read the keyboard, tap its keys by W3C touch actions, re-read where the layer may change.
import { ProbeFault } from '../../errors.ts';
import { logger } from '../../log/logger.ts';
import type { waitForScreen } from '../native-input.ts';
import { parseHierarchy } from '../ui-hierarchy.ts';
import type { KeyboardLayer } from './gboard-layout.ts';
import { readKeyboard, type KeyboardScreen, type Point } from './keyboard-screen.ts';
import { planTyping, type ImeStep } from './typing-plan.ts';

const DEFAULT_KEYBOARD_DEADLINE_MS = 3 * 1000;
const DEFAULT_SWITCH_DEADLINE_MS = 2 * 1000;
const DEFAULT_POLL_MS = 100;
/** How long a finger rests on a key: a tap, far below Gboard's long-press (accents popup). */
const TAP_HOLD_MS = 40;
/** Between two taps of one action sequence, so each is a touch of its own. */
const TAP_GAP_MS = 40;
/** Switch taps in a row without typing before the keyboard counts as stuck. */
const MAX_SWITCHES_IN_A_ROW = 4;

export interface ImeTypistOptions {
  /** Adapter name, for messages. */
  app: string;
  /** The screen wait of the native adapters (passed in so this module does not import its caller). */
  waitForScreen: typeof waitForScreen;
  /** How long to wait for the keyboard after the field was focused. @defaultValue 3 s */
  keyboardDeadlineMs?: number;
  /** How long to wait for Gboard to show another layer after a switch key. @defaultValue 2 s */
  switchDeadlineMs?: number;
  /** Pause between two page-source reads while waiting. @defaultValue 100 ms */
  pollMs?: number;
}

/**
 * Types on the phone's own keyboard (Gboard) by tapping its keys where the UI hierarchy shows
 * them: the only input path a keyboard-level filter sees. The field must have focus and the
 * session `appium:enableMultiWindows: true` (else the keyboard is not in the page source).
 *
 * Taps are W3C pointer actions (`pointerType: touch`) rather than `mobile: clickGesture`: one
 * request carries a whole run of keys, the hold time is explicit (a slow tap would open Gboard's
 * accents popup), and it is the standard protocol every driver speaks.
 *
 * The whole text is decided on the first read: refused (nothing typed) → `E_INPUT_UNSUPPORTED`.
 * Once typing started, a keyboard or key that is gone, or a layer that never comes, is
 * `E_SELECTOR_MISSING`: a fault, never a finding. What the field holds is the oracle's to judge.
 */
export class ImeTypist {
  readonly #browser: WebdriverIO.Browser;
  readonly #app: string;
  readonly #wait: typeof waitForScreen;
  readonly #keyboardDeadlineMs: number;
  readonly #switchDeadlineMs: number;
  readonly #pollMs: number;
  readonly #log;

  constructor(browser: WebdriverIO.Browser, options: ImeTypistOptions) {
    this.#browser = browser;
    this.#app = options.app;
    this.#wait = options.waitForScreen;
    this.#keyboardDeadlineMs = options.keyboardDeadlineMs ?? DEFAULT_KEYBOARD_DEADLINE_MS;
    this.#switchDeadlineMs = options.switchDeadlineMs ?? DEFAULT_SWITCH_DEADLINE_MS;
    this.#pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.#log = logger('targets:ime').child({ app: options.app });
  }

  /** Types `text` into the focused field on Gboard; refuses before the first tap when it cannot type all of it. */
  async type(text: string): Promise<void> {
    const { screen: first } = await this.#wait(
      () => this.#read(),
      (s) => s.kind === 'other' || (s.kind === 'gboard' && s.layer !== null),
      this.#keyboardDeadlineMs,
      this.#pollMs,
    );
    const decided = planTyping(first, text);
    if (!decided.ok) {
      throw new ProbeFault('E_INPUT_UNSUPPORTED', `${this.#app}: ime path: ${decided.reason}`);
    }
    const total = Array.from(text).length;
    let steps = decided.plan.steps;
    let typed = 0;
    let switchesInARow = 0;
    let taps = 0;
    let reads = 1;
    while (steps.length > 0) {
      const run = runOf(steps);
      const points = run.map((step) => {
        if (!step.at) throw this.#midway(typed, total, `no key on screen for a ${step.kind} step`);
        return step.at;
      });
      await this.#tap(points);
      taps += points.length;
      const keys = run.filter((step) => step.kind === 'key').length;
      typed += keys;
      const last = run.at(-1)!;
      switchesInARow = last.kind === 'switch' ? switchesInARow + 1 : 0;
      if (run.length === steps.length) break;
      if (switchesInARow > MAX_SWITCHES_IN_A_ROW) {
        throw this.#midway(typed, total, `Gboard did not reach the ${layerWanted(last)} layer`);
      }
      const screen = await this.#reread(last.kind === 'switch' ? last.from : null);
      reads += 1;
      if (screen.kind !== 'gboard') throw this.#midway(typed, total, 'the keyboard is gone');
      if (screen.layer === null) {
        throw this.#midway(typed, total, 'Gboard shows a layer the ime path does not know');
      }
      const rest = planTyping(screen, Array.from(text).slice(typed).join(''));
      if (!rest.ok) throw this.#midway(typed, total, rest.reason);
      steps = rest.plan.steps;
    }
    this.#log.debug({ characters: total, taps, reads }, 'typed on the keyboard');
  }

  async #read(): Promise<KeyboardScreen> {
    return readKeyboard(parseHierarchy(await this.#browser.getPageSource()));
  }

  /** After a switch key, waits for Gboard to leave `switchedFrom`; otherwise one read. */
  async #reread(switchedFrom: KeyboardLayer | null): Promise<KeyboardScreen> {
    if (switchedFrom === null) return this.#read();
    const { screen } = await this.#wait(
      () => this.#read(),
      (s) => s.kind !== 'gboard' || s.layer !== switchedFrom,
      this.#switchDeadlineMs,
      this.#pollMs,
    );
    return screen;
  }

  /** One touch action sequence: each point pressed and lifted in turn. */
  async #tap(points: readonly Point[]): Promise<void> {
    const actions = points.flatMap((point, index) => [
      ...(index > 0 ? [{ type: 'pause', duration: TAP_GAP_MS }] : []),
      { type: 'pointerMove', duration: 0, origin: 'viewport', x: point.x, y: point.y },
      { type: 'pointerDown', button: 0 },
      { type: 'pause', duration: TAP_HOLD_MS },
      { type: 'pointerUp', button: 0 },
    ]);
    await this.#browser.performActions([
      { type: 'pointer', id: 'finger', parameters: { pointerType: 'touch' }, actions },
    ]);
    await this.#browser.releaseActions();
  }

  #midway(typed: number, total: number, what: string): ProbeFault {
    return new ProbeFault(
      'E_SELECTOR_MISSING',
      `${this.#app}: ime path: after ${typed} of ${total} characters, ${what}`,
    );
  }
}

/**
 * The steps tapped in one action sequence: up to and including the first after which the layer
 * may change (a switch, a key on the shifted layer, a space or punctuation, after which Gboard
 * may capitalise or leave its symbols), so the keyboard is read again before going on.
 */
function runOf(steps: readonly ImeStep[]): ImeStep[] {
  const run: ImeStep[] = [];
  for (const step of steps) {
    run.push(step);
    if (mayChangeLayer(step)) break;
  }
  return run;
}

function mayChangeLayer(step: ImeStep): boolean {
  if (step.kind === 'switch') return true;
  return step.layer === 'shifted' || !/^[\p{L}\p{N}]$/u.test(step.char);
}

function layerWanted(step: ImeStep): string {
  return step.kind === 'switch' ? step.to : step.layer;
}
