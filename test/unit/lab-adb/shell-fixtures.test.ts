import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labAdbProfile } from '../../../src/lab/adb-phone/adb-phone-profiles.ts';
import type { PhoneState, ScreenState } from '../../../src/lab/adb-phone/phone-state.ts';
import {
  answerShell,
  getpropListing,
  shellWords,
} from '../../../src/lab/adb-phone/shell-fixtures.ts';

const MI10T = labAdbProfile('xiaomi-mi10t-miui12');
const S21 = labAdbProfile('samsung-s21-oneui41');
const PIXEL = labAdbProfile('pixel5-android14');

function state(overrides: Partial<PhoneState> = {}): PhoneState {
  return {
    profile: MI10T,
    battery: { level: 85, charging: true },
    screen: 'unlocked',
    ...overrides,
  };
}

function output(commandLine: string, phone: PhoneState = state()): string {
  return answerShell(commandLine, phone).output;
}

function screenAfter(commandLine: string, screen: ScreenState): ScreenState {
  return answerShell(commandLine, state({ screen })).screen;
}

describe('shellWords', () => {
  test('splits on blanks only: quotes and operators stay inside words, nothing is evaluated', () => {
    assert.deepEqual(shellWords('  getprop\tro.x ;  reboot "a b" $(id)'), [
      'getprop',
      'ro.x',
      ';',
      'reboot',
      '"a',
      'b"',
      '$(id)',
    ]);
  });
});

describe('getprop', () => {
  test('lists every property sorted by name as [name]: [value] lines', () => {
    const listing = output('getprop');
    const lines = listing.split('\n');
    assert.equal(lines.at(-1), '', 'ends with a newline');
    assert.ok(
      lines.includes(
        '[ro.build.fingerprint]: [Xiaomi/apollo_eea/apollo:11/RKQ1.200419.002/V12.5.4.0.RJDEUXM:user/release-keys]',
      ),
    );
    assert.ok(lines.includes('[ro.miui.ui.version.name]: [V125]'));
    const names = lines.slice(0, -1).map((line) => /^\[([^\]]+)\]: \[.*\]$/.exec(line)?.[1]);
    assert.ok(
      names.every((name) => name !== undefined),
      'every line has the getprop shape',
    );
    assert.deepEqual(names, [...names].sort());
    assert.equal(listing, getpropListing(MI10T.props));
  });

  test('prints one value and a newline, an empty line for a missing property, or the default given', () => {
    assert.equal(output('getprop ro.product.model'), 'M2007J3SG\n');
    assert.equal(output('getprop ro.no.such.prop'), '\n');
    assert.equal(output('getprop ro.no.such.prop fallback'), 'fallback\n');
  });
});

describe('dumpsys battery', () => {
  test('prints the Battery Service state with the level and USB charging', () => {
    assert.equal(
      output('dumpsys battery'),
      [
        'Current Battery Service state:',
        '  AC powered: false',
        '  USB powered: true',
        '  Wireless powered: false',
        '  Max charging current: 500000',
        '  Max charging voltage: 5000000',
        '  Charge counter: 3825000',
        '  status: 2',
        '  health: 2',
        '  present: true',
        '  level: 85',
        '  scale: 100',
        '  voltage: 4095',
        '  temperature: 284',
        '  technology: Li-ion',
        '',
      ].join('\n'),
    );
  });

  test('a phone off the charger is discharging; a full one on it is full', () => {
    const unplugged = output('dumpsys battery', state({ battery: { level: 15, charging: false } }));
    assert.match(unplugged, /^ {2}USB powered: false$/m);
    assert.match(unplugged, /^ {2}status: 3$/m);
    assert.match(unplugged, /^ {2}level: 15$/m);
    assert.match(
      output('dumpsys battery', state({ battery: { level: 100, charging: true } })),
      /^ {2}status: 5$/m,
    );
  });

  test('Android 14 adds the dock line', () => {
    assert.match(
      output('dumpsys battery', state({ profile: PIXEL })),
      /^ {2}Dock powered: false$/m,
    );
  });
});

describe('dumpsys power', () => {
  test('an awake phone holds the display suspend blocker', () => {
    const dump = output('dumpsys power');
    assert.match(dump, /^ {2}mWakefulness=Awake$/m);
    assert.match(dump, /^ {2}mHoldingDisplaySuspendBlocker=true$/m);
    assert.match(dump, /^Display Power: state=ON$/m);
    assert.match(dump, /^ {2}mBatteryLevel=85$/m);
  });

  test('a phone switched off sleeps, or dozes when it has an always-on display', () => {
    const asleep = output('dumpsys power', state({ screen: 'off' }));
    assert.match(asleep, /^ {2}mWakefulness=Asleep$/m);
    assert.match(asleep, /^ {2}mHoldingDisplaySuspendBlocker=false$/m);
    assert.match(asleep, /^Display Power: state=OFF$/m);
    const dozing = output('dumpsys power', state({ profile: S21, screen: 'off' }));
    assert.match(dozing, /^ {2}mWakefulness=Dozing$/m);
  });
});

describe('dumpsys window', () => {
  test('unlocked: no keyguard, the launcher has the focus', () => {
    const dump = output('dumpsys window');
    assert.match(dump, /mShowingLockscreen=false mShowingDream=false mDreamingLockscreen=false/);
    assert.match(dump, /isStatusBarKeyguard=false/);
    assert.match(dump, /mScreenOnFully=true/);
    assert.match(
      dump,
      /^ {2}mCurrentFocus=Window\{\w+ u0 com\.miui\.home\/com\.miui\.home\.launcher\.Launcher\}$/m,
    );
    assert.match(dump, /^ {4}init=1080x2400 440dpi /m);
  });

  test('locked: the keyguard shows over an awake screen, in the notification shade', () => {
    const dump = output('dumpsys window', state({ screen: 'locked' }));
    assert.match(dump, /mShowingLockscreen=true mShowingDream=false mDreamingLockscreen=true/);
    assert.match(dump, /isStatusBarKeyguard=true/);
    assert.match(dump, /mScreenOnFully=true/);
    assert.match(dump, /KeyguardStateMonitor\n {8}mIsShowing=true/);
    assert.match(dump, /^ {2}mCurrentFocus=Window\{\w+ u0 NotificationShade\}$/m);
  });

  test('off: the screen is not on and its state is SCREEN_STATE_OFF', () => {
    const dump = output('dumpsys window', state({ screen: 'off' }));
    assert.match(dump, /mScreenOnEarly=false mScreenOnFully=false/);
    assert.match(dump, /screenState=SCREEN_STATE_OFF/);
    assert.match(dump, /mDreamingLockscreen=true/);
  });
});

describe('dumpsys package', () => {
  test('an installed app shows its versionName and versionCode lines', () => {
    const dump = output('dumpsys package com.android.chrome');
    assert.match(dump, /^ {2}Package \[com\.android\.chrome\] \(\w+\):$/m);
    assert.match(dump, /^ {4}versionName=120\.0\.6099\.144$/m);
    assert.match(dump, /^ {4}versionCode=609914433 minSdk=29 targetSdk=34$/m);
  });

  test('a missing app is reported the way Android does', () => {
    assert.equal(
      output('dumpsys package com.example.none'),
      'Unable to find package: com.example.none\n',
    );
  });

  test('an unknown service is named in the answer', () => {
    assert.equal(output('dumpsys nosuch'), "Can't find service: nosuch\n");
  });
});

describe('pm list packages', () => {
  test('lists installed apps as package: lines, filtered by a substring or to third-party apps', () => {
    const all = output('pm list packages').split('\n');
    assert.ok(all.includes('package:com.android.chrome'));
    assert.ok(all.includes('package:com.mi.globalbrowser'));
    assert.ok(all.includes('package:org.telegram.messenger'));
    assert.equal(output('pm list packages telegram'), 'package:org.telegram.messenger\n');
    assert.equal(output('pm list packages -3'), 'package:org.telegram.messenger\n');
    assert.equal(output('cmd package list packages -3'), 'package:org.telegram.messenger\n');
  });
});

describe('input keyevent and wm', () => {
  test('WAKEUP, POWER and MENU wake a screen that is off, and print nothing', () => {
    for (const key of ['224', 'KEYCODE_WAKEUP', '26', 'KEYCODE_POWER', '82', 'KEYCODE_MENU']) {
      assert.equal(screenAfter(`input keyevent ${key}`, 'off'), 'locked', key);
      assert.equal(output(`input keyevent ${key}`, state({ screen: 'off' })), '');
    }
  });

  test('POWER switches an awake phone off; WAKEUP leaves it as it is; MENU dismisses the keyguard', () => {
    assert.equal(screenAfter('input keyevent 26', 'unlocked'), 'off');
    assert.equal(screenAfter('input keyevent 224', 'unlocked'), 'unlocked');
    assert.equal(screenAfter('input keyevent 224', 'locked'), 'locked');
    assert.equal(screenAfter('input keyevent 82', 'locked'), 'unlocked');
    assert.equal(screenAfter('input keyevent 26 82', 'off'), 'unlocked', 'keys apply in order');
    assert.equal(screenAfter('input keyevent 3', 'locked'), 'locked');
  });

  test('wm dismiss-keyguard unlocks an awake phone; wm size prints the display', () => {
    assert.equal(screenAfter('wm dismiss-keyguard', 'locked'), 'unlocked');
    assert.equal(screenAfter('wm dismiss-keyguard', 'off'), 'off');
    assert.equal(output('wm size'), 'Physical size: 1080x2400\n');
    assert.equal(output('wm density'), 'Physical density: 440\n');
  });
});

describe('anything else', () => {
  test('is not found by the shell, and its arguments are never run', () => {
    const answer = answerShell('reboot; getprop', state());
    assert.equal(answer.output, '/system/bin/sh: reboot;: inaccessible or not found\n');
    assert.equal(answer.exitCode, 127);
    assert.equal(
      output('locksettings help && echo __PASS__'),
      '/system/bin/sh: locksettings: inaccessible or not found\n',
    );
  });

  test('an empty command line prints nothing', () => {
    assert.equal(output(''), '');
  });
});
