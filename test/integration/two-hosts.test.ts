// Integration, as root (network namespaces, veth pairs, real Redis, PostgreSQL, Appium, Chromium, two `censorwatch farm`
// processes): one farm over two hosts. A central namespace holds Redis and PostgreSQL; each host namespace runs its own
// lab (Appium, lab phone, canary) and farm. A nightly run spreads over both; one host is cut off mid-batch: the registry
// shows it gone, the other host's work goes on untouched, the cut host's batch is done when it returns, and the run ends
// with its report compiled once. Traffic stays inside these namespaces. Skipped loudly where namespaces cannot be made.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { stringify } from 'yaml';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { readRegistry } from '../../src/registry/read-registry.ts';
import type { RegistryView } from '../../src/registry/registry-view.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import type { QueueContext } from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';
import { killTree } from '../support/kill-tree.ts';
import { writeLabPixelProfile } from '../support/lab-pixel-profile.ts';

const HEARTBEAT_MS = 1000;
const LOCK_MS = 3000;
const tag = randomBytes(2).toString('hex');
const NS = { central: `cw${tag}c`, a: `cw${tag}a`, b: `cw${tag}b` };
/** Central's address as each side sees it: host A's link, host B's link, and the test's own (root namespace). */
const CENTRAL = { a: '10.77.1.1', b: '10.77.2.1', test: '10.77.3.1' };
const LINK_A = `cw${tag}ca`;
const PG_BIN = ['15', '16', '14', '13']
  .map((v) => `/usr/lib/postgresql/${v}/bin`)
  .find((bin) => existsSync(join(bin, 'postgres')));

/** Why this machine cannot run the test, or null. */
function whyNot(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!PG_BIN) return 'no PostgreSQL server binaries under /usr/lib/postgresql';
  const probe = `cw${tag}p`;
  const made = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (made.status !== 0) return `ip netns add failed: ${made.stderr.trim() || made.error}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}
const skip = whyNot();
if (skip) process.stderr.write(`\n*** two-host farm test SKIPPED: ${skip} ***\n\n`);

/** `ip ARGS`, no shell; throws with its stderr. */
function ip(...args: string[]): void {
  const done = spawnSync('ip', args, { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`ip ${args.join(' ')}: ${done.stderr.trim()}`);
}

describe('one farm over two hosts', { skip: skip ?? false, timeout: 5 * 60 * 1000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-two-hosts-'));
  const owned: ChildProcess[] = [];
  const outputs = new Map<ChildProcess, () => string>();
  const prefix = `cw-test-${randomBytes(4).toString('hex')}`;
  const context: QueueContext = { redisUrl: `redis://${CENTRAL.test}:6379`, prefix };
  const database = `postgres://postgres@${CENTRAL.test}:5432/postgres`;
  let redis: Redis;
  let store: ResultStore;

  /** A long-lived process in a namespace, stopped by its id after the test. */
  const inNamespace = (ns: string, command: string[], env: NodeJS.ProcessEnv = process.env) => {
    const child = spawn('ip', ['netns', 'exec', ns, ...command], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    owned.push(child);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
    outputs.set(child, () => output);
    return { child, output: () => output };
  };

  const until = async <T>(what: string, ok: () => Promise<T | undefined | false>, ms = 60_000) => {
    let last: unknown;
    for (const end = Date.now() + ms; Date.now() < end;) {
      const value = await ok().catch((error: unknown) => void (last = error));
      if (value) return value;
      await new Promise((done) => setTimeout(done, 200));
    }
    const output = owned.map((c, i) => `--- process ${i}: ${outputs.get(c)?.() ?? ''}`).join('\n');
    assert.fail(`never: ${what} (last: ${String(last)})\n${output.slice(-4000)}`);
  };

  before(async () => {
    for (const ns of Object.values(NS)) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    // central ↔ host A, central ↔ host B, central ↔ this test (root namespace)
    const links: [string, string, string, string | null][] = [
      [LINK_A, `cw${tag}ha`, '10.77.1', NS.a],
      [`cw${tag}cb`, `cw${tag}hb`, '10.77.2', NS.b],
      [`cw${tag}ct`, `cw${tag}ht`, '10.77.3', null],
    ];
    for (const [central, other, net, ns] of links) {
      ip('link', 'add', central, 'type', 'veth', 'peer', 'name', other);
      ip('link', 'set', central, 'netns', NS.central);
      ip('-n', NS.central, 'addr', 'add', `${net}.1/24`, 'dev', central);
      ip('-n', NS.central, 'link', 'set', central, 'up');
      if (ns) ip('link', 'set', other, 'netns', ns);
      ip(...(ns ? ['-n', ns] : []), 'addr', 'add', `${net}.2/24`, 'dev', other);
      ip(...(ns ? ['-n', ns] : []), 'link', 'set', other, 'up');
    }
    // the central services, listening on central's three links only
    inNamespace(NS.central, [
      'redis-server',
      '--port',
      '6379',
      '--bind',
      CENTRAL.a,
      CENTRAL.b,
      CENTRAL.test,
      // the namespaces are closed: only the hosts' links reach it
      '--protected-mode',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ]);
    // the postgres user must reach its data folder inside this test's own
    chmodSync(dir, 0o755);
    const pgData = join(dir, 'pg');
    mkdirSync(pgData, { mode: 0o700 });
    chownSync(
      pgData,
      Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout),
      Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout),
    );
    const init = spawnSync(
      'runuser',
      [
        '-u',
        'postgres',
        '--',
        join(PG_BIN!, 'initdb'),
        '-D',
        pgData,
        '--auth=trust',
        '-U',
        'postgres',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(init.status, 0, init.stderr);
    // the hosts and this test reach it over their links, without a password: the namespaces are closed
    appendFileSync(join(pgData, 'pg_hba.conf'), 'host all postgres 10.77.0.0/16 trust\n');
    inNamespace(NS.central, [
      'runuser',
      '-u',
      'postgres',
      '--',
      join(PG_BIN!, 'postgres'),
      '-D',
      pgData,
      '-p',
      '5432',
      '-k',
      pgData,
      '-c',
      `listen_addresses=${CENTRAL.a},${CENTRAL.b},${CENTRAL.test}`,
    ]);
    redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    await until('Redis answers', async () => {
      if (redis.status !== 'ready') await redis.connect();
      return (await redis.ping()) === 'PONG';
    });
    await until('PostgreSQL answers', async () => {
      const client = new pg.Client({ connectionString: database, connectionTimeoutMillis: 1000 });
      await client.connect();
      await client.end();
      return true;
    });
    store = await ResultStore.open(database);
  });

  after(async () => {
    for (const child of owned.reverse()) if (child.pid) killTree(child.pid);
    redis?.disconnect();
    await store?.close().catch(() => undefined);
    for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** One host: a lab phone of its own (a Pixel 5 on clean firmware) and `censorwatch farm --lab`, in its namespace. */
  const startHost = async (name: 'a' | 'b') => {
    const devices = join(dir, `devices-${name}`);
    mkdirSync(devices, { recursive: true });
    writeLabPixelProfile(devices, `${name}-pixel5`);
    const config = join(dir, `censorwatch-${name}.yaml`);
    writeFileSync(
      config,
      stringify({
        nightly: {
          cron: '0 3 1 1 *',
          timeZone: 'UTC',
          termList: join(process.cwd(), 'terms/xiaomi-2021.yaml'),
        },
        farm: { host: `host-${name}`, heartbeatMs: HEARTBEAT_MS, lockMs: LOCK_MS },
      }),
    );
    const central = CENTRAL[name];
    const farm = inNamespace(
      NS[name],
      [
        process.execPath,
        'bin/censorwatch.js',
        'farm',
        '--lab',
        '--config',
        config,
        '--devices',
        devices,
      ],
      {
        ...process.env,
        REDIS_URL: `redis://${central}:6379`,
        DATABASE_URL: `postgres://postgres@${central}:5432/postgres`,
        CENSORWATCH_QUEUE_PREFIX: prefix,
        CENSORWATCH_REPORTS: join(dir, `reports-${name}`),
        LOG_LEVEL: 'warn',
      },
    );
    await until(
      `host ${name} listening`,
      async () => farm.output().includes('Ctrl-C to stop'),
      120_000,
    );
    return loadDeviceProfiles(devices);
  };

  const registry = () => readRegistry(redis, prefix);
  const hostOf = (v: RegistryView, host: string) => v.hosts.find((h) => h.host === host);
  const phoneOf = (v: RegistryView, id: string) => v.phones.find((p) => p.deviceId === id);

  test('a run spreads over both hosts; one cut off mid-batch is gone, the other untouched, and the run ends', async () => {
    const [[onA], [onB]] = await Promise.all([startHost('a'), startHost('b')]);
    await until('both hosts alive', async () => {
      const v = await registry();
      return hostOf(v, 'host-a')?.status === 'alive' && hostOf(v, 'host-b')?.status === 'alive';
    });
    const all = loadTermList('terms/xiaomi-2021.yaml');
    const termList = { ...all, terms: all.terms.slice(0, 8) };
    const run = await startRun(context, store, {
      kind: 'nightly',
      devices: [onA!, onB!],
      termList,
      repetition: { required: 1, attempts: 1 },
      startedBy: 'test',
    });
    const planned = await store.plannedProbes(run.runId);
    const ofA = () =>
      store.probesOfRun(run.runId).then((rs) => rs.filter((r) => r.deviceId === 'a-pixel5'));
    await until('host A recorded some of its batch', async () => {
      const rs = await ofA();
      return rs.length >= 3 && rs.length < planned.length / 2;
    });

    // host A's link to the central services goes down
    ip('-n', NS.central, 'link', 'set', LINK_A, 'down');
    const cut = await until('host A gone, host B alive', async () => {
      const v = await registry();
      return hostOf(v, 'host-a')?.status === 'gone' && hostOf(v, 'host-b')?.status === 'alive' && v;
    });
    assert.equal(phoneOf(cut, 'a-pixel5')!.status, 'offline');
    assert.equal(phoneOf(cut, 'a-pixel5')!.currentJob, null);
    // the lock of A's batch lapses while it is cut off; B works on
    await new Promise((done) => setTimeout(done, LOCK_MS + 1000));
    ip('-n', NS.central, 'link', 'set', LINK_A, 'up');

    const compiled = await waitForRun(context, run.parentJobId, 3 * 60 * 1000);
    const results = await store.probesOfRun(run.runId);
    assert.equal(results.length, planned.length, 'every planned probe ended');
    assert.equal(new Set(results.map((r) => r.probeId)).size, results.length, 'each once');
    assert.deepEqual(results.filter(isFinding), [], 'clean firmware on both hosts: no finding');
    const fromB = results.filter((r) => r.deviceId === 'b-pixel5');
    assert.ok(fromB.length > 0 && fromB.every((r) => r.verdict === 'intact'), 'host B untouched');
    assert.equal(compiled.reports.length, 1, 'one report, compiled once, for the firmware of both');
    const back = await until('host A back', async () => {
      const v = await registry();
      return hostOf(v, 'host-a')?.status === 'alive' && v;
    });
    assert.equal(phoneOf(back, 'a-pixel5')!.currentJob, null);
    const inconclusive = results.filter((r) => r.verdict === 'inconclusive').length;
    process.stdout.write(
      `# two hosts: ${results.length} probes, ${inconclusive} inconclusive (host A cut for ${LOCK_MS + 1000} ms)\n`,
    );
  });
});
