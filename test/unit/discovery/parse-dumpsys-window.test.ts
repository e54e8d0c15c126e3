import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDumpsysWindow } from '../../../src/discovery/parse-dumpsys-window.ts';
import { fixture } from './discovery-fixtures.ts';

const lock = (output: string) => {
  const reading = parseDumpsysWindow(output);
  assert.ok(reading.ok, reading.ok ? '' : reading.reason);
  return reading.value;
};

describe('dumpsys window', () => {
  test('reads the keyguard from KeyguardStateMonitor (Android 13, locked and unlocked)', () => {
    assert.deepEqual(lock(fixture('dumpsys-window-android-13-locked.txt')), {
      locked: true,
      signal: 'KeyguardStateMonitor mIsShowing=true',
    });
    assert.deepEqual(lock(fixture('dumpsys-window-android-13-unlocked.txt')), {
      locked: false,
      signal: 'KeyguardStateMonitor mIsShowing=false',
    });
  });

  test('reads the KeyguardServiceDelegate block where there is no monitor (Android 9)', () => {
    assert.deepEqual(lock(fixture('dumpsys-window-android-9-locked.txt')), {
      locked: true,
      signal: 'KeyguardServiceDelegate showing=true',
    });
  });

  test("reads PhoneWindowManager's policy line through old adb line ends (Android 4, CRLF)", () => {
    assert.deepEqual(lock(fixture('dumpsys-window-android-4-locked-crlf.txt')), {
      locked: true,
      signal: 'mShowingLockscreen=true',
    });
  });

  test('takes isStatusBarKeyguard and mKeyguardShowing, in either of their forms', () => {
    assert.equal(
      lock('    mStatusBar=Window{1 u0 StatusBar} isStatusBarKeyguard=true\n').locked,
      true,
    );
    assert.equal(lock('  KeyguardController:\n    mKeyguardShowing=false\n').locked, false);
    assert.deepEqual(lock('    KeyguardShowing=true AodShowing=false KeyguardGoingAway=false\n'), {
      locked: true,
      signal: 'mKeyguardShowing=true',
    });
  });

  test('lets a direct signal win over mDreamingLockscreen, the state as the screen went to sleep', () => {
    const dump =
      '    mStatusBar=Window{1 u0 StatusBar} isStatusBarKeyguard=false\n' +
      '    mShowingDream=false mDreamingLockscreen=true mDreamingSleepToken=null\n';
    assert.deepEqual(lock(dump), { locked: false, signal: 'isStatusBarKeyguard=false' });
    assert.deepEqual(lock('    mShowingDream=false mDreamingLockscreen=true\n'), {
      locked: true,
      signal: 'mDreamingLockscreen=true',
    });
  });

  test('reads `showing=` only inside the KeyguardServiceDelegate block', () => {
    const outside =
      'Some other service\n  showing=true\nKeyguardServiceDelegate\nNext section\n  showing=true\n';
    assert.equal(parseDumpsysWindow(outside).ok, false);
  });

  test('says it could not read a dump that prints no lock signal (a TV with no keyguard)', () => {
    const reading = parseDumpsysWindow(fixture('dumpsys-window-no-keyguard.txt'));
    assert.equal(reading.ok, false);
    assert.match(
      reading.ok ? '' : reading.reason,
      /^dumpsys window printed none of KeyguardStateMonitor mIsShowing, mKeyguardShowing, KeyguardServiceDelegate showing, isStatusBarKeyguard, mShowingLockscreen, mDreamingLockscreen: "WINDOW MANAGER LAST ANR/,
    );
  });
});
