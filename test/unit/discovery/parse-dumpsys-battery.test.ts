import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDumpsysBattery } from '../../../src/discovery/parse-dumpsys-battery.ts';
import { fixture } from './discovery-fixtures.ts';

const valueOf = <T>(reading: { ok: true; value: T } | { ok: false; reason: string }): T => {
  assert.ok(reading.ok, reading.ok ? '' : reading.reason);
  return reading.value;
};
const reasonOf = (reading: { ok: boolean; reason?: string }): string => {
  assert.equal(reading.ok, false);
  return reading.reason!;
};

describe('dumpsys battery', () => {
  test('reads the level and that a phone on USB is charging (Android 14, with Dock powered)', () => {
    const battery = parseDumpsysBattery(fixture('dumpsys-battery-android-14.txt'));
    assert.equal(valueOf(battery.level), 67);
    assert.equal(valueOf(battery.charging), true);
    assert.deepEqual(valueOf(battery.powered), ['USB']);
  });

  test('counts a full battery on its charger as charging (status 5, Android 9)', () => {
    const battery = parseDumpsysBattery(fixture('dumpsys-battery-android-9-full.txt'));
    assert.equal(valueOf(battery.level), 100);
    assert.equal(valueOf(battery.charging), true);
    assert.deepEqual(valueOf(battery.powered), ['AC']);
  });

  test("reads Samsung's block, not the level its event log repeats below it", () => {
    const battery = parseDumpsysBattery(fixture('dumpsys-battery-samsung-event-log.txt'));
    assert.equal(valueOf(battery.level), 31);
    assert.equal(valueOf(battery.charging), false);
    assert.deepEqual(valueOf(battery.powered), []);
  });

  test('turns a level of another scale into percent', () => {
    const battery = parseDumpsysBattery(
      'Current Battery Service state:\n  AC powered: false\n  status: 3\n  level: 40\n  scale: 50\n',
    );
    assert.equal(valueOf(battery.level), 80);
  });

  test('refuses values set by hand with `dumpsys battery set`, saying how to reset them', () => {
    const battery = parseDumpsysBattery(fixture('dumpsys-battery-updates-stopped.txt'));
    assert.match(reasonOf(battery.level), /UPDATES STOPPED.*dumpsys battery reset/);
    assert.match(reasonOf(battery.charging), /UPDATES STOPPED/);
  });

  test('says which line is missing or odd, never guessing a level or a charge', () => {
    const header = 'Current Battery Service state:\n';
    assert.equal(
      reasonOf(parseDumpsysBattery(`${header}  status: 2\n`).level),
      'dumpsys battery printed no `level:` line',
    );
    assert.equal(
      reasonOf(parseDumpsysBattery(`${header}  level: 9x\n  status: 2\n`).level),
      'dumpsys battery printed `level: 9x`, not a whole number',
    );
    assert.equal(
      reasonOf(parseDumpsysBattery(`${header}  level: 120\n  scale: 100\n`).level),
      'dumpsys battery printed level 120 of scale 100',
    );
    assert.equal(
      reasonOf(parseDumpsysBattery(`${header}  level: 50\n  status: 1\n`).charging),
      'dumpsys battery printed status 1 (unknown)',
    );
    assert.equal(
      reasonOf(parseDumpsysBattery(`${header}  level: 50\n  USB powered: true\n`).charging),
      'dumpsys battery printed no `status:` line',
    );
  });

  test('knows a phone on no power source is not charging even without a status line', () => {
    const battery = parseDumpsysBattery(
      'Current Battery Service state:\n  AC powered: false\n  USB powered: false\n  level: 50\n',
    );
    assert.equal(valueOf(battery.charging), false);
  });

  test('says it could not read output that is no battery dump', () => {
    for (const output of ["Can't find service: battery", '']) {
      const battery = parseDumpsysBattery(output);
      assert.match(
        reasonOf(battery.level),
        /^dumpsys battery printed no `Current Battery Service state:`/,
      );
      assert.match(reasonOf(battery.charging), /^dumpsys battery printed no/);
    }
  });
});
