// What an input path cannot type: such a payload is inconclusive(input-unsupported), never typed, never a finding.
import type { InputPath } from '../targets/target.ts';

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/** WebDriver maps these code points to keys (Enter, Tab, arrows...), so key events cannot type them as text. */
const WEBDRIVER_KEYS = /[\uE000-\uE05D]/u;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why this text cannot be typed into a single-line field by this input path; null when it can. */
export function untypableReason(text: string, inputPath: InputPath): string | null {
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (not a character)';
  if (CONTROL.test(text))
    return 'holds a control character (a single-line field drops or acts on it)';
  if (inputPath === 'key-events' && WEBDRIVER_KEYS.test(text)) {
    return 'holds a code point WebDriver sends as a key (U+E000-U+E05D)';
  }
  return null;
}
