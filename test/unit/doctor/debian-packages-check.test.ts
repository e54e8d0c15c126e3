// Unit: the Debian packages check reads dpkg, accepts working binaries and fixes only as root.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DebianPackagesCheck,
  aptInstallLine,
  parseDpkgStatus,
} from '../../../src/doctor/checks/debian-packages-check.ts';
import type { CommandResult, CommandRunner } from '../../../src/doctor/run-command.ts';

const PACKAGES = [
  { name: 'chromium', probe: ['/usr/bin/chromium', '--version'] as const },
  { name: 'redis-server' },
  { name: 'default-jre-headless', probe: ['java', '-version'] as const },
];

function result(code: number, stdout = ''): CommandResult {
  return { code, stdout, stderr: '', error: undefined };
}

/** A fake runner: dpkg says what `installed` lists, probes succeed for `working`, apt-get is recorded. */
function fakeRunner(installed: string[], working: string[] = []) {
  const calls: string[][] = [];
  const run: CommandRunner = async (command, args, options) => {
    calls.push([command, ...args]);
    if (command === 'dpkg-query') {
      const names = args.slice(2);
      const lines = names.map(
        (n) => `${n}\t${installed.includes(n) ? 'installed' : 'not-installed'}`,
      );
      return result(names.every((n) => installed.includes(n)) ? 0 : 1, `${lines.join('\n')}\n`);
    }
    if (command === 'apt-get') {
      assert.equal(options?.env?.DEBIAN_FRONTEND, 'noninteractive');
      if (args[0] === 'install') installed.push(...args.filter((a) => !a.startsWith('-')).slice(1));
      return result(0);
    }
    return result(working.includes(command) ? 0 : 127);
  };
  return { run, calls };
}

describe('DebianPackagesCheck', () => {
  test('reads package names and statuses from dpkg-query output', () => {
    const statuses = parseDpkgStatus(
      'chromium\tinstalled\nlibc6:amd64\tinstalled\nfoo\tnot-installed\n',
    );
    assert.equal(statuses.get('chromium'), 'installed');
    assert.equal(statuses.get('libc6'), 'installed');
    assert.equal(statuses.get('foo'), 'not-installed');
  });

  test('accepts a package whose binary already works without the package', async () => {
    const { run } = fakeRunner(['chromium', 'redis-server'], ['java']);
    const check = new DebianPackagesCheck({ packages: PACKAGES, isRoot: false, run });
    assert.equal((await check.diagnose()).ok, true);
  });

  test('names the missing packages and the sudo line to install them when not root', async () => {
    const { run } = fakeRunner(['chromium']);
    const check = new DebianPackagesCheck({ packages: PACKAGES, isRoot: false, run });
    const diagnosis = await check.diagnose();
    assert.equal(diagnosis.ok, false);
    assert.match(diagnosis.message, /redis-server, default-jre-headless/);
    assert.equal(check.fix, undefined, 'a non-root check cannot fix');
    assert.equal(check.fixHint(), 'sudo apt-get install -y redis-server default-jre-headless');
  });

  test('as root, updates apt once and installs only the missing packages without recommends', async () => {
    const { run, calls } = fakeRunner(['chromium']);
    const check = new DebianPackagesCheck({ packages: PACKAGES, isRoot: true, run });
    await check.diagnose();
    await check.fix!();
    const apt = calls.filter((c) => c[0] === 'apt-get');
    assert.deepEqual(apt, [
      ['apt-get', 'update'],
      [
        'apt-get',
        'install',
        '-y',
        '--no-install-recommends',
        'redis-server',
        'default-jre-headless',
      ],
    ]);
    assert.equal((await check.diagnose()).ok, true);
  });

  test('writes the install line without sudo for root', () => {
    assert.equal(
      aptInstallLine(['chromium', 'fonts-noto-cjk'], true),
      'apt-get install -y chromium fonts-noto-cjk',
    );
  });
});
