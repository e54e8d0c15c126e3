import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { judgeHealth, type HealthFacts } from '../../../src/devices/device-health.ts';

const healthy: HealthFacts = {
  state: 'device',
  battery: { level: 80, charging: true },
  screen: { on: true, locked: false },
  apps: { 'com.android.chrome': '120.0.6099.144' },
  errors: {},
};
const judge = (facts: HealthFacts | null, packages = ['com.android.chrome']) =>
  judgeHealth('R5CR10ABCDE', facts, { minBattery: 20 }, packages).map((p) => p.check);

describe('device health', () => {
  test('a charged, awake, unlocked phone with its apps may start a batch', () => {
    assert.deepEqual(judge(healthy), []);
  });

  test('a phone adb does not list, lists offline or has not authorised is stopped at that', () => {
    assert.deepEqual(judge(null), ['attached']);
    assert.deepEqual(judge({ ...healthy, state: 'offline' }), ['attached']);
    const [unauthorised] = judgeHealth(
      'R5CR10ABCDE',
      { ...healthy, state: 'unauthorized' },
      { minBattery: 20 },
      [],
    );
    assert.equal(unauthorised?.check, 'authorised');
    assert.match(unauthorised!.detail, /Allow USB debugging/);
  });

  test('low battery, a dark or locked screen and a missing app are each a problem, together', () => {
    const facts: HealthFacts = {
      ...healthy,
      battery: { level: 19, charging: false },
      screen: { on: true, locked: true },
      apps: { 'com.android.chrome': null },
    };
    assert.deepEqual(judge(facts), ['battery', 'screen', 'app']);
    assert.deepEqual(judge({ ...healthy, screen: { on: false, locked: true } }), ['screen']);
    assert.deepEqual(judge({ ...healthy, battery: { level: 20, charging: false } }), []);
  });

  test('what could not be read is a problem, never good health', () => {
    const facts: HealthFacts = {
      ...healthy,
      battery: null,
      screen: null,
      apps: {},
      errors: { battery: 'dumpsys battery timed out' },
    };
    const problems = judgeHealth('R5CR10ABCDE', facts, { minBattery: 20 }, [
      'org.telegram.messenger',
    ]);
    assert.deepEqual(
      problems.map((p) => p.check),
      ['battery', 'screen', 'app'],
    );
    assert.match(problems[0]!.detail, /dumpsys battery timed out/);
  });
});
