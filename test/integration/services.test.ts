// Integration (real processes, redis-server, Appium): owned processes, the Redis and Appium services.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { MissingDependencyError, ServiceError } from '../../src/errors.ts';
import { AppiumService } from '../../src/services/appium-service.ts';
import { freePort } from '../../src/services/free-port.ts';
import { OwnedProcess } from '../../src/services/owned-process.ts';
import { RedisService, pingRedis } from '../../src/services/redis-service.ts';

const GONE_TIMEOUT_MS = 5 * 1000;
const FIXTURE_EXIT_TIMEOUT_MS = 15 * 1000;
const POLL_MS = 50;
const FIXTURE = new URL('../fixtures/services/owned-process-parent.ts', import.meta.url).pathname;

/** True when no such process runs (a zombie waiting to be reaped counts as gone). */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitUntilGone(pid: number, what: string): Promise<void> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  while (!isGone(pid)) {
    assert.ok(Date.now() < deadline, `${what} (pid ${pid}) is still running`);
    await delay(POLL_MS);
  }
}

/** Runs the fixture parent; resolves with the pids it printed and a promise of its exit. */
async function startFixture(mode: 'signal' | 'exit') {
  const parent = spawn(process.execPath, ['--import', 'tsx', FIXTURE, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    parent.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = createInterface({ input: parent.stdout });
  const [first] = await Promise.race([
    (async () => {
      for await (const line of lines) return [line];
      return [undefined];
    })(),
    exited.then(() => [undefined]),
  ]);
  assert.ok(first, 'the fixture printed the pids of its child and grandchild');
  const pids = JSON.parse(first) as { child: number; grandchild: number };
  return { parent, pids, exited };
}

/** The fixture's exit status; on a deadline kills it and what it started, and fails. */
async function exitOf(fixture: Awaited<ReturnType<typeof startFixture>>) {
  const timedOut = Symbol('timed out');
  const abort = new AbortController();
  const status = await Promise.race([
    fixture.exited,
    delay(FIXTURE_EXIT_TIMEOUT_MS, timedOut, { signal: abort.signal }),
  ]);
  abort.abort();
  if (status === timedOut) {
    for (const pid of [fixture.parent.pid, fixture.pids.child, fixture.pids.grandchild]) {
      try {
        process.kill(pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    assert.fail(`the fixture parent did not exit within ${FIXTURE_EXIT_TIMEOUT_MS} ms`);
  }
  return status;
}

describe('OwnedProcess', { timeout: 60 * 1000 }, () => {
  test('rejects with the output tail when the child exits before it is ready', async () => {
    const owned = new OwnedProcess({
      name: 'doomed',
      command: process.execPath,
      args: ['-e', "console.error('cannot bind: address in use'); process.exit(3)"],
      isReady: async () => false,
    });
    await assert.rejects(owned.start(), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.match(error.message, /doomed exited before it was ready \(exit code 3\)/);
      assert.match(error.message, /cannot bind: address in use/);
      return true;
    });
  });

  test('rejects when the child is not ready by the deadline, and leaves it stopped', async () => {
    const owned = new OwnedProcess({
      name: 'slow',
      command: 'sleep',
      args: ['300'],
      isReady: async () => false,
      readyTimeoutMs: 300,
    });
    await assert.rejects(owned.start(), /slow was not ready within 300 ms/);
    await waitUntilGone(owned.pid!, 'the child that was never ready');
  });

  test('reports a missing executable as a missing dependency', async () => {
    const owned = new OwnedProcess({ name: 'ghost', command: 'censorwatch-no-such-binary' });
    await assert.rejects(owned.start(), MissingDependencyError);
  });

  test('stop() ends the whole process group, a grandchild that ignores SIGTERM too', async () => {
    const script = `
      const { spawn } = require('node:child_process');
      const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
      console.log('grandchild ' + g.pid);
      setInterval(() => {}, 1000);`;
    const owned: OwnedProcess = new OwnedProcess({
      name: 'family',
      command: process.execPath,
      args: ['-e', script],
      isReady: async () => /grandchild \d+/.test(owned.outputTail),
    });
    await owned.start();
    const grandchild = Number(/grandchild (\d+)/.exec(owned.outputTail)![1]);
    assert.equal(isGone(grandchild), false);
    await owned.stop();
    assert.equal(owned.isRunning, false);
    await waitUntilGone(owned.pid!, 'the child');
    await waitUntilGone(grandchild, 'the grandchild');
  });

  test('a parent killed with SIGTERM stops its owned child and grandchild, exiting 143', async () => {
    const fixture = await startFixture('signal');
    const { parent, pids } = fixture;
    assert.equal(isGone(pids.child), false, 'the child runs before the parent is killed');
    assert.equal(isGone(pids.grandchild), false, 'the grandchild runs before the parent is killed');
    parent.kill('SIGTERM');
    const { code } = await exitOf(fixture);
    assert.equal(code, 143);
    await waitUntilGone(pids.child, 'the child');
    await waitUntilGone(pids.grandchild, 'the grandchild');
  });

  test('a parent that exits without stopping still leaves no child behind', async () => {
    const fixture = await startFixture('exit');
    const { pids } = fixture;
    assert.equal((await exitOf(fixture)).code, 0);
    await waitUntilGone(pids.child, 'the child');
    await waitUntilGone(pids.grandchild, 'the grandchild');
  });
});

describe('freePort', () => {
  test('returns a port that can be bound right away', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('RedisService', () => {
  test('starts a private redis-server on a free port that answers PING and is gone after stop', async () => {
    const redis = new RedisService({ preferPrivate: true });
    const url = await redis.start();
    assert.match(url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(url, 'redis://127.0.0.1:6379');
    await pingRedis(url);
    const pid = redis.pid!;
    const dataDir = redis.dataDir!;
    assert.ok(existsSync(dataDir), 'the data folder exists while it runs');
    await redis.stop();
    await waitUntilGone(pid, 'redis-server');
    assert.equal(existsSync(dataDir), false, 'the data folder is removed');
    await assert.rejects(pingRedis(url, 500));
  });

  test('rejects a REDIS_URL that does not answer with a ServiceError naming REDIS_URL', async () => {
    const port = await freePort();
    const redis = new RedisService({ redisUrl: `redis://127.0.0.1:${port}` });
    await assert.rejects(redis.start(), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.match(error.message, new RegExp(`^REDIS_URL redis://127\\.0\\.0\\.1:${port}`));
      return true;
    });
  });

  test('names the Debian package redis-server when no Redis answers and none can be started', async () => {
    const port = await freePort();
    const redis = new RedisService({
      defaultUrl: `redis://127.0.0.1:${port}`,
      redisServerCommand: 'censorwatch-no-such-redis-server',
    });
    await assert.rejects(redis.start(), (error: unknown) => {
      assert.ok(error instanceof MissingDependencyError);
      assert.match(error.message, /Debian package `redis-server`/);
      return true;
    });
  });
});

describe('AppiumService', { timeout: 2 * 60 * 1000 }, () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'cw-appium-'));
  after(() => rmSync(reportsDir, { recursive: true, force: true }));

  test('starts a private Appium whose /status answers, logging to the reports dir', async () => {
    const appium = new AppiumService({ preferPrivate: true, logDir: join(reportsDir, 'logs') });
    try {
      const url = await appium.start();
      const response = await fetch(`${url}/status`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as {
        value: { ready: boolean; build: { version: string } };
      };
      assert.equal(body.value.ready, true);
      assert.match(body.value.build.version, /^3\./);
      const port = new URL(url).port;
      assert.equal(appium.logFile, join(reportsDir, 'logs', `appium-${port}.log`));
      assert.match(readFileSync(appium.logFile!, 'utf8'), /Welcome to Appium/);
    } finally {
      const pid = appium.pid;
      await appium.stop();
      if (pid !== undefined) await waitUntilGone(pid, 'appium');
    }
  });

  test('rejects an APPIUM_URL that does not answer with a ServiceError naming APPIUM_URL', async () => {
    const port = await freePort();
    const appium = new AppiumService({ appiumUrl: `http://127.0.0.1:${port}/` });
    await assert.rejects(appium.start(), (error: unknown) => {
      assert.ok(error instanceof ServiceError);
      assert.match(
        error.message,
        new RegExp(`^APPIUM_URL http://127\\.0\\.0\\.1:${port}: GET /status failed`),
      );
      return true;
    });
  });
});
