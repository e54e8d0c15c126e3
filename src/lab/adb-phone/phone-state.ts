// What a lab adb phone is doing right now (link, authorisation, battery, screen) and how keys change its screen.
import type { AdbPhoneProfile } from './adb-phone-profile.ts';

/**
 * How the phone answers the adb host: `online` completes the handshake, `offline` accepts TCP but
 * never answers CNXN (adb lists it `offline`), `gone` stops listening and drops its connections.
 */
export type PhoneLink = 'online' | 'offline' | 'gone';

/** `off` sleeps (or dozes with an always-on display); `locked` is awake on the keyguard. */
export type ScreenState = 'off' | 'locked' | 'unlocked';

export interface BatteryState {
  /** Percent, 0–100. */
  level: number;
  /** Powered over USB, as a phone on a lab hub is. */
  charging: boolean;
}

/** What the shell fixtures read: the profile as the current firmware has it, plus the live state. */
export interface PhoneState {
  profile: AdbPhoneProfile;
  battery: BatteryState;
  screen: ScreenState;
}

export const KEYCODE = { POWER: 26, MENU: 82, SLEEP: 223, WAKEUP: 224 } as const;

/**
 * The screen after a key press, as PhoneWindowManager handles it: POWER toggles, WAKEUP wakes to
 * the keyguard, SLEEP sleeps; MENU is a wake key and dismisses a keyguard with no credential
 * (the `input keyevent 82` unlock). Other keys leave the screen as it is.
 */
export function screenAfterKey(screen: ScreenState, keycode: number): ScreenState {
  switch (keycode) {
    case KEYCODE.POWER:
      return screen === 'off' ? 'locked' : 'off';
    case KEYCODE.WAKEUP:
      return screen === 'off' ? 'locked' : screen;
    case KEYCODE.SLEEP:
      return 'off';
    case KEYCODE.MENU:
      return screen === 'off' ? 'locked' : 'unlocked';
    default:
      return screen;
  }
}

/** `wm dismiss-keyguard`: unlocks an awake phone with no credential; a sleeping one stays off. */
export function screenAfterDismissKeyguard(screen: ScreenState): ScreenState {
  return screen === 'locked' ? 'unlocked' : screen;
}

/** Throws RangeError unless the level is an integer percent. */
export function checkBattery(battery: BatteryState): BatteryState {
  if (!Number.isInteger(battery.level) || battery.level < 0 || battery.level > 100) {
    throw new RangeError(`Expected \`level\` to be an integer from 0 to 100, got ${battery.level}`);
  }
  return { level: battery.level, charging: battery.charging };
}
