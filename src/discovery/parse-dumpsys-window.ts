// Parses `dumpsys window` for whether the keyguard (lock screen) is showing; each Android version prints other lines.
import { excerpt, readOk, unread, type Reading } from './reading.ts';

export interface LockReading {
  /** The keyguard is showing (a lock screen is up, secure or swipe). */
  locked: boolean;
  /** The line that decided, e.g. `KeyguardStateMonitor mIsShowing=true`. */
  signal: string;
}

interface LockSignal {
  name: string;
  /** Why this line means what it says, and which releases print it. */
  note: string;
  read(lines: readonly string[]): boolean | undefined;
}

/** `name=true|false` anywhere on a line (the policy dump prints several on one line). */
const flag =
  (name: string) =>
  (lines: readonly string[]): boolean | undefined => {
    const pattern = new RegExp(`(?:^|\\s)${name}=(true|false)(?:\\s|$)`);
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return match[1] === 'true';
    }
    return undefined;
  };

/** `key=true|false` alone on a line inside the block a `header` line opens (the lines indented deeper). */
const inBlock =
  (header: string, key: string) =>
  (lines: readonly string[]): boolean | undefined => {
    const start = lines.findIndex((line) => line.trim() === header);
    if (start < 0) return undefined;
    const depth = indentOf(lines[start]!);
    for (const line of lines.slice(start + 1)) {
      if (line.trim() === '') continue;
      if (indentOf(line) <= depth) return undefined;
      const match = new RegExp(`^\\s*${key}=(true|false)$`).exec(line);
      if (match) return match[1] === 'true';
    }
    return undefined;
  };

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * Lock signals, most direct first: the first one the dump prints decides. Only when none of
 * these is printed does `mDreamingLockscreen` (the keyguard as it was when the screen went
 * to sleep or dreamed) decide.
 */
const LOCK_SIGNALS: readonly LockSignal[] = [
  {
    name: 'KeyguardStateMonitor mIsShowing',
    note: "Android 6+: the window manager's live copy of SystemUI's keyguard state",
    read: inBlock('KeyguardStateMonitor', 'mIsShowing'),
  },
  {
    name: 'mKeyguardShowing',
    note: "KeyguardController's state; Android 13+ also prints it per display as `KeyguardShowing=`",
    read: (lines) => flag('mKeyguardShowing')(lines) ?? flag('KeyguardShowing')(lines),
  },
  {
    name: 'KeyguardServiceDelegate showing',
    note: "Android 7+: PhoneWindowManager's cached keyguard state",
    read: inBlock('KeyguardServiceDelegate', 'showing'),
  },
  {
    name: 'isStatusBarKeyguard',
    note: 'Android 7-9: the status bar window is the keyguard',
    read: flag('isStatusBarKeyguard'),
  },
  {
    name: 'mShowingLockscreen',
    note: "Android 4.2-6: PhoneWindowManager's policy line `mShowingLockscreen=… mShowingDream=…`",
    read: flag('mShowingLockscreen'),
  },
  {
    name: 'mDreamingLockscreen',
    note: 'Android 4.2+: the keyguard was up when the screen slept or dreamed',
    read: flag('mDreamingLockscreen'),
  },
];

export function parseDumpsysWindow(output: string): Reading<LockReading> {
  const lines = output.split('\n').map((line) => line.replace(/\s+$/, ''));
  for (const signal of LOCK_SIGNALS) {
    const locked = signal.read(lines);
    if (locked !== undefined) return readOk({ locked, signal: `${signal.name}=${locked}` });
  }
  return unread(
    `dumpsys window printed none of ${LOCK_SIGNALS.map((signal) => signal.name).join(', ')}: ${excerpt(output)}`,
  );
}
