import assert from 'node:assert/strict';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { runShell, type AdbShellClient } from '../../../src/discovery/run-shell.ts';

const clientOf = (shell: (command: string) => Promise<Readable>): AdbShellClient => ({
  getDevice: () => ({ shell }),
});

describe('a shell command on a phone', () => {
  test('answers its whole output, decoded as UTF-8', async () => {
    const client = clientOf(async () => {
      const stream = new PassThrough();
      stream.write(Buffer.from('[persist.sys.locale]: [zh-Hans-'));
      stream.end(Buffer.from('CN]\n法轮功\n'));
      return stream;
    });
    assert.deepEqual(await runShell(client, 's', 'getprop', 1000), {
      ok: true,
      value: '[persist.sys.locale]: [zh-Hans-CN]\n法轮功\n',
    });
  });

  test('closes a stream that arrives after its deadline has answered', async () => {
    const late = new PassThrough();
    const client = clientOf(async () => {
      await sleep(60);
      return late;
    });
    assert.deepEqual(await runShell(client, 's', 'dumpsys window', 20), {
      ok: false,
      reason: '`dumpsys window` gave no answer within 0.02 s',
    });
    await sleep(80);
    assert.equal(late.destroyed, true);
  });

  test('answers why when adb fails or the connection drops mid-output', async () => {
    const failing = clientOf(async () => {
      throw new Error("device 'x' not found");
    });
    assert.deepEqual(await runShell(failing, 'x', 'getprop', 1000), {
      ok: false,
      reason: "`getprop` failed: device 'x' not found",
    });
    const dropping = clientOf(async () => {
      const stream = new PassThrough();
      stream.write('partial');
      setImmediate(() => stream.destroy(new Error('socket hang up')));
      return stream;
    });
    assert.deepEqual(await runShell(dropping, 'x', 'dumpsys power', 1000), {
      ok: false,
      reason: '`dumpsys power` failed: socket hang up',
    });
  });
});
