// What every native (UiAutomator2) adapter does the same way: type into a field, poll the screen, take evidence.
import { ProbeFault } from '../errors.ts';
import { ImeTypist, type ImeTypistOptions } from './ime/ime-typist.ts';
import type { Evidence, InputPath } from './target.ts';
import { toXpath, type UiLocator } from './ui-hierarchy.ts';

/**
 * Input paths the native adapters type with. `ime` taps Gboard's keys and needs the session's
 * `appium:enableMultiWindows: true` (without it the keyboard is not in the page source and every
 * ime probe is inconclusive(input-unsupported)).
 */
export const NATIVE_INPUT_PATHS: readonly InputPath[] = ['set-text', 'key-events', 'ime'];

/** Timings of the ime path (tests shorten them). */
export type ImeTimings = Omit<ImeTypistOptions, 'app' | 'waitForScreen'>;

/**
 * Types `text` into the field at `locator`: `set-text` sets the value through accessibility
 * (ACTION_SET_TEXT, no keyboard); `key-events` taps the field and sends W3C key actions, one key
 * per code point (addValue would be set-text again); `ime` taps the field and then the keys of
 * the phone's own keyboard (ime/ime-typist.ts), the only path a keyboard-level filter sees. A
 * text the keyboard cannot type is refused before the first key: ProbeFault E_INPUT_UNSUPPORTED.
 */
export async function typeInto(
  browser: WebdriverIO.Browser,
  locator: UiLocator,
  text: string,
  inputPath: InputPath,
  app: string,
  imeTimings: ImeTimings = {},
): Promise<void> {
  if (!NATIVE_INPUT_PATHS.includes(inputPath)) {
    throw new ProbeFault(
      'E_SESSION',
      `input path "${inputPath}" is not supported by the ${app} adapter (supported: ${NATIVE_INPUT_PATHS.join(', ')})`,
    );
  }
  const field = await browser.$(toXpath(locator));
  if (inputPath === 'set-text') {
    await field.setValue(text);
    return;
  }
  await field.click();
  if (inputPath === 'ime') {
    await new ImeTypist(browser, { ...imeTimings, app, waitForScreen }).type(text);
    return;
  }
  const keys = Array.from(text).flatMap((value) => [
    { type: 'keyDown', value },
    { type: 'keyUp', value },
  ]);
  await browser.performActions([{ type: 'key', id: 'keyboard', actions: keys }]);
  await browser.releaseActions();
}

/** Reads the screen until `done` holds or the deadline passes; always reads at least once. */
export async function waitForScreen<S>(
  read: () => Promise<S>,
  done: (screen: S) => boolean,
  deadlineMs: number,
  pollMs: number,
): Promise<{ screen: S; met: boolean }> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const screen = await read();
    if (done(screen)) return { screen, met: true };
    if (Date.now() + pollMs > until) return { screen, met: false };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Screenshot and the UI hierarchy as evidence. */
export async function nativeEvidence(browser: WebdriverIO.Browser): Promise<Evidence> {
  const screenshot = await browser.takeScreenshot();
  const dom = await browser.getPageSource();
  return { screenshotPng: Buffer.from(screenshot, 'base64'), dom };
}
