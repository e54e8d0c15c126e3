// Parses `dumpsys power` (PowerManagerService's dump): whether the screen is on, from its wakefulness.
import { excerpt, readOk, unread, type Reading } from './reading.ts';

/** PowerManagerInternal's wakefulness names (Napping: Android 4.2-4.4, before Dozing). */
export const WAKEFULNESS = ['Awake', 'Asleep', 'Dozing', 'Dreaming', 'Napping'] as const;
export type Wakefulness = (typeof WAKEFULNESS)[number];

export interface PowerReading {
  wakefulness: Wakefulness;
  /**
   * The screen is on with apps in front (`Awake`). Dreaming (a screen saver), Dozing (the
   * always-on display) and Napping cover the apps, so they count as off.
   */
  screenOn: boolean;
}

// `mWakefulness=Awake`; some builds print `getWakefulnessLocked()=Awake` (appium-adb's lockmgmt notes both)
const WAKEFULNESS_LINE = /^\s*(?:mWakefulness|getWakefulnessLocked\(\))=(\S*)\s*$/m;

export function parseDumpsysPower(output: string): Reading<PowerReading> {
  const match = WAKEFULNESS_LINE.exec(output);
  if (!match) return unread(`dumpsys power printed no \`mWakefulness=\` line: ${excerpt(output)}`);
  const value = match[1]!;
  if (!(WAKEFULNESS as readonly string[]).includes(value)) {
    return unread(
      `dumpsys power printed \`mWakefulness=${value}\`, not one of ${WAKEFULNESS.join(', ')}`,
    );
  }
  const wakefulness = value as Wakefulness;
  return readOk({ wakefulness, screenOn: wakefulness === 'Awake' });
}
