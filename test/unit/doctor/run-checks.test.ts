// Unit: the preflight runner decides what to fix, what stops the run and what only warns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MissingDependencyError } from '../../../src/errors.ts';
import type { Diagnosis, PreflightCheck } from '../../../src/doctor/preflight-check.ts';
import { runChecks } from '../../../src/doctor/run-checks.ts';

interface FakeCheck extends PreflightCheck {
  fixCalls: number;
}

/** A check that fails until fixed (when it has a fix) and counts its fixes. */
function fakeCheck(
  name: string,
  { ok = false, isOptional = false, fixable = true, fixWorks = true, hint = `fix ${name}` } = {},
): FakeCheck {
  let healthy = ok;
  const check: FakeCheck = {
    name,
    isOptional,
    fixCalls: 0,
    async diagnose(): Promise<Diagnosis> {
      return healthy
        ? { ok: true, message: `${name} fine` }
        : { ok: false, message: `${name} missing` };
    },
    fixHint: () => hint,
  };
  if (fixable) {
    check.fix = async () => {
      check.fixCalls += 1;
      if (!fixWorks) throw new Error(`${name} could not be fixed`);
      healthy = true;
    };
  }
  return check;
}

describe('runChecks', () => {
  test('passes and fixes nothing when every check is healthy', async () => {
    const check = fakeCheck('redis', { ok: true });
    const report = await runChecks([check], { fix: true });
    assert.equal(check.fixCalls, 0);
    assert.deepEqual(
      report.outcomes.map((o) => [o.name, o.ok]),
      [['redis', true]],
    );
    assert.deepEqual(report.warnings, []);
  });

  test('never calls fix when fixing is not allowed, and names the fix to run', async () => {
    const check = fakeCheck('driver');
    await assert.rejects(runChecks([check], { fix: false }), (error: unknown) => {
      assert.ok(error instanceof MissingDependencyError);
      assert.match(error.message, /driver: driver missing/);
      assert.match(error.message, /fix driver/);
      return true;
    });
    assert.equal(check.fixCalls, 0);
  });

  test('fixes a failing check when allowed and reports it healthy afterwards', async () => {
    const check = fakeCheck('driver');
    const report = await runChecks([check], { fix: true });
    assert.equal(check.fixCalls, 1);
    assert.equal(report.outcomes[0]!.ok, true);
    assert.equal(report.outcomes[0]!.fixTried, true);
  });

  test('stops with the exact apt-get line when a required package check cannot fix (not root)', async () => {
    const line = 'sudo apt-get install -y chromium chromium-driver redis-server';
    const packages = fakeCheck('Debian packages', { fixable: false, hint: line });
    const driver = fakeCheck('driver');
    await assert.rejects(runChecks([packages, driver], { fix: true }), (error: unknown) => {
      assert.ok(error instanceof MissingDependencyError);
      assert.equal(error.code, 'E_MISSING_DEPENDENCY');
      assert.ok(
        error.message.split('\n').some((l) => l.trim() === line),
        error.message,
      );
      assert.doesNotMatch(error.message, /driver missing/, 'the fixed driver is not listed');
      return true;
    });
    assert.equal(driver.fixCalls, 1, 'what can be fixed is still fixed');
  });

  test('lists every required check still failing, with why its fix failed', async () => {
    const a = fakeCheck('alpha', { fixWorks: false });
    const b = fakeCheck('beta', { fixable: false });
    await assert.rejects(runChecks([a, b], { fix: true }), (error: unknown) => {
      assert.ok(error instanceof MissingDependencyError);
      assert.match(error.message, /^2 required/);
      assert.match(error.message, /alpha: alpha missing \(fix failed: alpha could not be fixed\)/);
      assert.match(error.message, /beta: beta missing/);
      return true;
    });
  });

  test('only warns about a failing optional check', async () => {
    const lines: string[] = [];
    const optional = fakeCheck('adb', { isOptional: true, fixable: false });
    const report = await runChecks([optional, fakeCheck('java', { ok: true })], {
      log: (line) => lines.push(line),
    });
    assert.deepEqual(
      report.warnings.map((o) => o.name),
      ['adb'],
    );
    assert.ok(
      lines.some((l) => l.startsWith('⚠ adb (optional): adb missing')),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => l.startsWith('✔ java')));
  });

  test('diagnoses again a check another fix repaired', async () => {
    let javaThere = false;
    const java: PreflightCheck = {
      name: 'java',
      isOptional: false,
      diagnose: async () => ({ ok: javaThere, message: javaThere ? 'java 17' : 'no java' }),
      fixHint: () => 'install java',
    };
    const packages: PreflightCheck = {
      name: 'packages',
      isOptional: false,
      diagnose: async () => ({ ok: javaThere, message: 'packages' }),
      fix: async () => {
        javaThere = true;
      },
      fixHint: () => 'apt-get',
    };
    const report = await runChecks([java, packages], { fix: true });
    assert.deepEqual(
      report.outcomes.map((o) => [o.name, o.ok]),
      [
        ['java', true],
        ['packages', true],
      ],
    );
  });

  test('counts a diagnose that throws as a failed check', async () => {
    const broken: PreflightCheck = {
      name: 'broken',
      isOptional: false,
      diagnose: async () => {
        throw new Error('dpkg-query exploded');
      },
      fixHint: () => 'look at dpkg',
    };
    await assert.rejects(runChecks([broken]), /broken: dpkg-query exploded/);
  });
});
