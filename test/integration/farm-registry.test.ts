// Integration (real `censorwatch farm` processes, Debian's adb with lab adb phones, real Redis, SQLite, the API): the live
// device registry — phones shown as their host's heartbeat says, a vanished phone offline, a SIGKILLed host gone.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { killTree } from '../support/kill-tree.ts';
import { startReadyProcess } from '../support/ready-process.ts';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { ApiServer } from '../../src/api/api-server.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { labAdbProfile } from '../../src/lab/adb-phone/adb-phone-profiles.ts';
import { startLabAdbPhones, type LabAdbPhones } from '../../src/lab/lab-adb-phones.ts';
import { logger } from '../../src/log/logger.ts';
import { readRegistry } from '../../src/registry/read-registry.ts';
import { registryKey } from '../../src/registry/registry-records.ts';
import { registryView, type RegistryView } from '../../src/registry/registry-view.ts';
import { freePort } from '../../src/services/free-port.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import { connectionOf, deviceQueueName, type QueueContext } from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { Queue } from 'bullmq';

const HEARTBEAT_MS = 1000;
/** A killed host's batch is taken again this long after (60 s on a real farm). */
const LOCK_MS = 2000;
const HOST = 'host-a';
/** Every wait below is bounded by this many heartbeats. */
const WAIT_BEATS = 15;
const dir = mkdtempSync(join(tmpdir(), 'cw-farm-registry-'));

describe('the live device registry', { timeout: 3 * 60 * 1000 }, () => {
  const redisService = new RedisService();
  let lab: LabAdbPhones;
  let context: QueueContext;
  let redis: Redis;
  let store: ResultStore;
  let api: ApiServer;
  let apiUrl: string;
  let blackHole: Server;
  const held = new Set<Socket>();
  const farms: ChildProcess[] = [];
  const devicesDir = join(dir, 'devices');
  const env: NodeJS.ProcessEnv = {};

  before(async () => {
    lab = await startLabAdbPhones([
      { profile: labAdbProfile('xiaomi-mi10t-miui12') },
      { profile: labAdbProfile('pixel5-android14') },
    ]);
    // an Appium that takes the connection and never answers: the batch stays running until the host dies
    blackHole = createServer((socket) => {
      held.add(socket);
      socket.on('close', () => held.delete(socket));
    });
    const appiumPort = await freePort();
    await new Promise<void>((done) => blackHole.listen(appiumPort, '127.0.0.1', done));
    mkdirSync(devicesDir, { recursive: true });
    for (const [id, phone] of [
      ['mi10t', lab.phones[0]!],
      ['pixel5', lab.phones[1]!],
    ] as const) {
      writeFileSync(
        join(devicesDir, `${id}.yaml`),
        stringify({
          id,
          manufacturer: phone.profile.props['ro.product.manufacturer'],
          model: phone.profile.props['ro.product.model'],
          firmware: {
            fingerprint: phone.profile.props['ro.build.fingerprint'],
            version: phone.profile.props['ro.build.version.incremental'],
          },
          region: 'EU',
          locale: 'en-GB',
          serial: phone.serial,
          appium: {
            url: `http://127.0.0.1:${appiumPort}`,
            capabilities: { platformName: 'Android' },
          },
          targets: [{ app: 'android-chrome', kind: 'browser', inputPath: 'set-text' }],
        }),
      );
    }
    const config = join(dir, 'censorwatch.yaml');
    writeFileSync(
      config,
      stringify({
        nightly: {
          cron: '0 3 1 1 *',
          timeZone: 'UTC',
          termList: join(process.cwd(), 'terms/xiaomi-2021.yaml'),
          devices: 'all',
        },
        canaryUrl: 'http://127.0.0.1:9/canary',
        farm: { host: HOST, heartbeatMs: HEARTBEAT_MS, lockMs: LOCK_MS },
        // the batch taken again after the kill finds no Appium: tried twice, 0.2 s apart
        health: { attempts: 2, backoffMs: 200 },
      }),
    );
    context = {
      redisUrl: await redisService.start(),
      prefix: `cw-test-${randomBytes(4).toString('hex')}`,
    };
    Object.assign(env, {
      ...process.env,
      REDIS_URL: context.redisUrl,
      CENSORWATCH_QUEUE_PREFIX: context.prefix,
      ANDROID_ADB_SERVER_PORT: String(lab.server.port),
      CENSORWATCH_REPORTS: join(dir, 'reports'),
      CENSORWATCH_DB: join(dir, 'cw.db'),
      LOG_LEVEL: 'warn',
      CW_CONFIG: config,
    });
    redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
    store = await ResultStore.open(join(dir, 'cw.db'));
    api = new ApiServer({
      context,
      store,
      profiles: loadDeviceProfiles(devicesDir),
      reportsDir: join(dir, 'reports'),
      termsDir: 'terms',
      batchSize: 50,
      repetition: { required: 1, attempts: 1 },
      auth: 'off',
      log: logger('test-api'),
    });
    apiUrl = await api.start();
  });

  after(async () => {
    for (const farm of farms) killTree(farm.pid!);
    for (const socket of held) socket.destroy();
    blackHole?.close();
    await api?.stop();
    await store?.close();
    redis?.disconnect();
    if (context) await purgePrefix(context).catch(() => 0);
    await redisService.stop();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `censorwatch farm` as its own process, resolved once it listens for work. */
  const startFarm = async (): Promise<ChildProcess> =>
    (
      await startReadyProcess(
        process.execPath,
        ['bin/censorwatch.js', 'farm', '--config', env['CW_CONFIG']!, '--devices', devicesDir],
        { env, ready: 'Ctrl-C to stop', started: (child) => farms.push(child) },
      )
    ).child;

  const view = () => readRegistry(redis, context.prefix);
  /** Polls the registry until `ok` holds, at most WAIT_BEATS heartbeats; returns that view and the ms it took. */
  const until = async (what: string, ok: (v: RegistryView) => boolean) => {
    const start = Date.now();
    for (let i = 0; i < (WAIT_BEATS * HEARTBEAT_MS) / 50; i++) {
      const current = await view();
      if (ok(current)) return { view: current, ms: Date.now() - start };
      await new Promise((done) => setTimeout(done, 50));
    }
    assert.fail(`the registry never showed ${what}: ${JSON.stringify(await view())}`);
  };
  const phone = (v: RegistryView, id: string) => v.phones.find((p) => p.deviceId === id);

  test('lists the host and its phones; a phone that vanishes is offline within one heartbeat; a SIGKILLed host is gone within two, its phones free when it returns and its batch taken again', async () => {
    const first = await startFarm();
    const listed = await until('both phones idle', (v) =>
      ['mi10t', 'pixel5'].every((id) => phone(v, id)?.status === 'idle'),
    );
    assert.equal(listed.view.hosts[0]!.host, HOST);
    assert.equal(listed.view.hosts[0]!.pid, first.pid);
    assert.deepEqual(phone(listed.view, 'mi10t')!.battery, { level: 85, charging: true });

    // the Pixel drops off adb: the first heartbeat composed after that says so
    const droppedAt = new Date().toISOString();
    await lab.phones[1]!.setLink('gone');
    // heartbeats sent after the drop that still showed the phone ready (one may have glanced at adb before it)
    const stale = new Set<string>();
    const vanished = await until('the pixel offline', (v) => {
      const sent = v.hosts[0]!.lastHeartbeat;
      if (phone(v, 'pixel5')?.status === 'offline') return true;
      if (sent > droppedAt) stale.add(sent);
      return false;
    });
    // adb keeps a phone it reached over TCP listed as offline while it tries to reconnect
    assert.equal(phone(vanished.view, 'pixel5')!.why, 'adb lists it offline');
    assert.ok(vanished.view.hosts[0]!.lastHeartbeat > droppedAt);
    assert.ok(stale.size <= 1, `${stale.size} heartbeats after the drop still showed it`);

    // a batch holds the Mi 10T (its Appium never answers), and the registry shows it busy
    const all = loadTermList('terms/xiaomi-2021.yaml');
    const run = await startRun(context, store, {
      kind: 'nightly',
      devices: loadDeviceProfiles(devicesDir).filter((d) => d.id === 'mi10t'),
      termList: { ...all, terms: all.terms.slice(0, 2) },
      repetition: { required: 1, attempts: 1 },
    });
    const busy = await until('the Mi 10T busy', (v) => phone(v, 'mi10t')?.status === 'busy');
    assert.equal(phone(busy.view, 'mi10t')!.currentJob!.runId, run.runId);
    const devicesApi = async () =>
      (await (await fetch(`${apiUrl}/api/devices`)).json()) as {
        id: string;
        health: string;
        registry: { host: string; why: string | null } | null;
      }[];
    assert.equal((await devicesApi()).find((d) => d.id === 'mi10t')!.health, 'busy');

    // the whole host dies at once: the farm and the WebdriverIO run it started
    const killedAt = Date.now();
    killTree(first.pid!);
    const gone = await until('the host gone', (v) => v.hosts[0]!.status === 'gone');
    const lastBeat = Date.parse(gone.view.hosts[0]!.lastHeartbeat);
    const stored = await redis.hgetall(registryKey(context.prefix));
    // the rule, at the latest moment "within two heartbeats" allows: gone, whatever this machine's load
    const atTwoBeats = registryView(stored, new Date(killedAt + 2 * HEARTBEAT_MS));
    assert.equal(
      atTwoBeats.hosts[0]!.status,
      'gone',
      `last heartbeat ${killedAt - lastBeat} ms before the kill`,
    );
    for (const id of ['mi10t', 'pixel5']) {
      assert.equal(phone(gone.view, id)!.status, 'offline');
      assert.equal(phone(gone.view, id)!.currentJob, null, `${id} is not left busy`);
    }
    // the queue still holds the dead host's batch as active until it stalls; the phone is not busy
    const mi = (await devicesApi()).find((d) => d.id === 'mi10t')!;
    assert.equal(mi.health, 'offline');
    assert.match(mi.registry!.why!, /host-a sent no heartbeat since/);
    const hosts = (await (await fetch(`${apiUrl}/api/registry`)).json()) as RegistryView;
    assert.equal(hosts.hosts[0]!.status, 'gone');

    // the host returns: its phones are free at its first heartbeat
    for (const socket of held) socket.destroy();
    blackHole.close();
    const second = await startFarm();
    const back = await until('the host back', (v) => v.hosts[0]!.pid === second.pid);
    assert.equal(back.view.hosts[0]!.status, 'alive');
    assert.notEqual(phone(back.view, 'mi10t')!.status, 'offline');

    // the dead host's batch is taken again once its lock lapses (BullMQ's stalled-job check), and the run ends
    const compiled = await waitForRun(context, run.parentJobId, 60 * 1000);
    const queue = new Queue(deviceQueueName('mi10t'), {
      connection: connectionOf(context),
      prefix: context.prefix,
    });
    const [batch] = await queue.getJobs(['failed', 'completed']);
    await queue.close();
    assert.equal(batch!.stalledCounter, 1, 'taken again after its worker died');
    const results = await store.probesOfRun(run.runId);
    const planned = await store.plannedProbes(run.runId);
    assert.equal(results.length, planned.length, 'every planned probe ended');
    assert.equal(new Set(results.map((r) => r.probeId)).size, results.length, 'each once');
    assert.ok(results.every((r) => r.verdict === 'inconclusive' && !isFinding(r)));
    assert.ok(compiled.reports.length > 0, 'its report was compiled');
    const idle = await until('the Mi 10T idle', (v) => phone(v, 'mi10t')?.status === 'idle');
    assert.equal(phone(idle.view, 'mi10t')!.currentJob, null);
    process.stdout.write(
      `# registry: phone offline after ${vanished.ms} ms, host gone after ${gone.ms} ms (heartbeat ${HEARTBEAT_MS} ms)\n`,
    );
  });
});
