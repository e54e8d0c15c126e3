import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDumpsysPower } from '../../../src/discovery/parse-dumpsys-power.ts';
import { fixture } from './discovery-fixtures.ts';

const screen = (output: string) => {
  const reading = parseDumpsysPower(output);
  assert.ok(reading.ok, reading.ok ? '' : reading.reason);
  return reading.value;
};

describe('dumpsys power', () => {
  test('reads an awake phone as screen on (Android 14)', () => {
    assert.deepEqual(screen(fixture('dumpsys-power-android-14-awake.txt')), {
      wakefulness: 'Awake',
      screenOn: true,
    });
  });

  test('reads the always-on display as screen off (Dozing, Android 10)', () => {
    assert.deepEqual(screen(fixture('dumpsys-power-android-10-dozing.txt')), {
      wakefulness: 'Dozing',
      screenOn: false,
    });
  });

  test('reads an asleep phone through old adb line ends (Android 4, CRLF)', () => {
    assert.deepEqual(screen(fixture('dumpsys-power-android-4-asleep-crlf.txt')), {
      wakefulness: 'Asleep',
      screenOn: false,
    });
  });

  test('counts a screen saver as off, and reads the getWakefulnessLocked() form', () => {
    assert.equal(screen('  mWakefulness=Dreaming\n').screenOn, false);
    assert.equal(screen('  getWakefulnessLocked()=Awake\n').screenOn, true);
  });

  test('is not misled by mWakefulnessChanging or mWakefulnessRaw', () => {
    assert.equal(
      screen('  mWakefulnessChanging=true\n  mWakefulness=Asleep\n').wakefulness,
      'Asleep',
    );
    const none = parseDumpsysPower('  mWakefulnessChanging=false\n  mWakefulnessRaw=Awake\n');
    assert.equal(none.ok, false);
  });

  test('says why it could not read an unknown wakefulness or no power dump', () => {
    const odd = parseDumpsysPower('  mWakefulness=Sleepy\n');
    assert.deepEqual(odd, {
      ok: false,
      reason:
        'dumpsys power printed `mWakefulness=Sleepy`, not one of Awake, Asleep, Dozing, Dreaming, Napping',
    });
    const none = parseDumpsysPower("Can't find service: power");
    assert.deepEqual(none, {
      ok: false,
      reason: 'dumpsys power printed no `mWakefulness=` line: "Can\'t find service: power"',
    });
  });
});
