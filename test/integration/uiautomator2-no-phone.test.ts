// Integration (real Appium 3 with the real UiAutomator2 driver, Debian's adb on private adb servers, lab adb phones, real Redis, SQLite, WDIO): a batch on a phone Appium cannot find, or cannot set up, fails fast, is tried per the health policy, ends inconclusive with Appium's message as evidence, and leaves its phone free.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { HEALTH_DEFAULTS } from '../../src/devices/device-health.ts';
import { AdbPhones } from '../../src/devices/adb-phones.ts';
import type { DeviceProfile } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { AppiumDriverCheck } from '../../src/doctor/checks/appium-driver-check.ts';
import { labAdbProfile } from '../../src/lab/adb-phone/adb-phone-profiles.ts';
import { startLabAdbPhones, type LabAdbPhones } from '../../src/lab/lab-adb-phones.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { readRegistry } from '../../src/registry/read-registry.ts';
import { AppiumService } from '../../src/services/appium-service.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { Farm } from '../../queue/farm.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 2 * 60 * 1000;
/** Tries per the health policy, with a short backoff: the retries are the subject, not the wait. */
const ATTEMPTS = 2;
const BACKOFF_MS = 50;
/**
 * Fails fast: Appium's UiAutomator2 answered POST /session in 11-45 ms for the missing phone and
 * 150-370 ms for the unprepared one (its 20 s wait for any device, were none attached, or its
 * settings app's 10 s of install retries would fail this).
 */
const SESSION_ANSWER_BOUND_MS = 5 * 1000;
/**
 * A sanity bound on the whole run: a try is mostly the WDIO launcher starting (2-3 s alone, 5 s
 * beside another file); both tries of both batches and the report took 8.5-12 s alone, 16 s beside
 * another file on 2 cores.
 */
const RUN_BOUND_MS = 60 * 1000;
/** The farm's heartbeat, to see its phones free again after the failed sessions. */
const HEARTBEAT_MS = 100;
const dir = mkdtempSync(join(tmpdir(), 'cw-uia2-no-phone-'));
const MI10T = labAdbProfile('xiaomi-mi10t-miui12');

/** Pids and command lines of the processes still alive that this test's process started, or that name one of `ports`. */
function leftovers(pids: readonly number[], ports: readonly number[]): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .filter((line) => {
      const [pid, ppid, stat] = line.split(/\s+/).map(String);
      // tsx's esbuild service belongs to this process's loader, not to the test
      if (stat?.startsWith('Z') || line.includes('esbuild --service')) return false;
      return (
        pids.includes(Number(pid)) ||
        (Number(ppid) === process.pid && !line.includes(' ps -eo ')) ||
        ports.some((port) => new RegExp(`\\badb\\b.*\\b${port}\\b`).test(line))
      );
    });
}

describe('Appium UiAutomator2 with no phone', { timeout: 4 * 60 * 1000 }, () => {
  const redis = new RedisService({ preferPrivate: true });
  const appium = new AppiumService({ preferPrivate: true, logDir: join(dir, 'logs') });
  /**
   * The host's adb server, with both phones: the health gate passes them each try, and Appium
   * uses it for the phone its driver cannot set up.
   */
  let host: LabAdbPhones;
  /** Appium's adb server for the missing phone, with another phone only: for Appium it is not there. */
  let appiums: LabAdbPhones;
  let context: QueueContext;
  let store: ResultStore;
  let farm: Farm;
  /** Appium cannot find it (its adb server does not list it). */
  let missing: DeviceProfile;
  /** Appium finds it, but UiAutomator2 cannot install its server on it (a lab adb phone takes no push). */
  let unprepared: DeviceProfile;
  const database = join(dir, 'cw.db');
  const reportsDir = join(dir, 'reports');
  const all = loadTermList('terms/xiaomi-2021.yaml');
  const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
  const savedAndroidHome = process.env['ANDROID_HOME'];

  /** A Mi 10T's profile on `serial`, its Appium's adb client on `adbPort`. */
  const profile = (id: string, serial: string, appiumUrl: string, adbPort: number) => ({
    id,
    manufacturer: 'Xiaomi',
    model: 'Mi 10T 5G',
    firmware: { fingerprint: MI10T.props['ro.build.fingerprint']!, version: 'V12.5.4.0.RJDEUXM' },
    region: 'EU',
    locale: 'en-GB',
    serial,
    appium: {
      url: appiumUrl,
      capabilities: {
        platformName: 'Android',
        'appium:automationName': 'UiAutomator2',
        // Appium's adb client talks to a private server, never to a shared one on 5037, and
        // may not kill it to "restart adb"
        'appium:adbPort': adbPort,
        'appium:suppressKillServer': true,
        // straight to the driver's server install (else its settings app's install retries for 10 s)
        'appium:skipDeviceInitialization': true,
      },
    },
    targets: [{ app: 'android-chrome', kind: 'browser', inputPath: 'set-text' }],
  });

  before(async () => {
    // the driver as `bootstrap --farm` installs it into the project's APPIUM_HOME (kept when there)
    const driver = new AppiumDriverCheck({ driver: 'uiautomator2' });
    if (!(await driver.diagnose()).ok) await driver.fix();
    // an Android SDK of Debian's adb alone: the driver takes platform-tools/adb from ANDROID_HOME
    const sdk = join(dir, 'android-sdk');
    mkdirSync(join(sdk, 'platform-tools'), { recursive: true });
    symlinkSync('/usr/bin/adb', join(sdk, 'platform-tools', 'adb'));
    process.env['ANDROID_HOME'] = sdk;
    [host, appiums] = await Promise.all([
      startLabAdbPhones([{ profile: MI10T }, { profile: MI10T }]),
      startLabAdbPhones([{ profile: MI10T }]),
    ]);
    const [appiumUrl, redisUrl] = await Promise.all([appium.start(), redis.start()]);
    const devicesDir = join(dir, 'devices');
    mkdirSync(devicesDir, { recursive: true });
    const phones = [
      profile('mi10t-missing', host.phones[0]!.serial, appiumUrl, appiums.server.port),
      profile('mi10t-unprepared', host.phones[1]!.serial, appiumUrl, host.server.port),
    ];
    for (const phone of phones) {
      writeFileSync(join(devicesDir, `${phone.id}.yaml`), stringify(phone));
    }
    const byId = new Map(loadDeviceProfiles(devicesDir).map((d) => [d.id, d]));
    missing = byId.get('mi10t-missing')!;
    unprepared = byId.get('mi10t-unprepared')!;
    context = { redisUrl, prefix: `cw-test-${randomBytes(4).toString('hex')}` };
    store = await ResultStore.open(database);
    farm = await Farm.start({
      context,
      devices: [missing, unprepared],
      labAppiumUrl: undefined,
      canaryUrl: 'http://127.0.0.1:9/canary',
      vendorUrl: undefined,
      reportsDir,
      database,
      batchSize: 50,
      store,
      adb: {
        phones: new AdbPhones(host.server),
        health: { ...HEALTH_DEFAULTS, attempts: ATTEMPTS, backoffMs: BACKOFF_MS },
      },
      registry: {
        host: 'no-phone-host',
        intervalMs: HEARTBEAT_MS,
        adb: new AdbPhones(host.server),
      },
    });
  });
  after(async () => {
    const pids = [appium.pid, redis.pid].filter((pid) => pid !== undefined);
    const ports = [host?.server.port, appiums?.server.port].filter((port) => port !== undefined);
    await farm?.close();
    if (context) await purgePrefix(context).catch(() => 0);
    await store?.close();
    await Promise.all([redis.stop(), appium.stop(), host?.stop(), appiums?.stop()]);
    if (savedAndroidHome === undefined) delete process.env['ANDROID_HOME'];
    else process.env['ANDROID_HOME'] = savedAndroidHome;
    rmSync(dir, { recursive: true, force: true });
    // nothing started here outlives the test: Appium, Redis, both adb servers, WDIO launchers
    assert.deepEqual(leftovers(pids, ports), []);
  });

  test('a batch on a phone Appium cannot find, or cannot set up, fails fast with its message, is tried per the health policy, and ends inconclusive', async (t) => {
    const runStarted = Date.now();
    const outcome = await waitForRun(
      context,
      (
        await startRun(context, store, {
          kind: 'nightly',
          devices: [missing, unprepared],
          termList,
          repetition: { required: 1, attempts: 1 },
        })
      ).parentJobId,
      RUN_TIMEOUT_MS,
    );
    const runMs = Date.now() - runStarted;

    // Appium answered each try at once; each batch was tried `attempts` times
    const log = readFileSync(appium.logFile!, 'utf8');
    const asked = (serial: string) =>
      [...log.matchAll(/--> POST \/session (\{.*\})$/gm)].filter(
        (m) =>
          (JSON.parse(m[1]!) as { capabilities: { alwaysMatch: Record<string, unknown> } })
            .capabilities.alwaysMatch['appium:udid'] === serial,
      ).length;
    assert.equal(asked(missing.serial!), ATTEMPTS, 'the missing phone: one session per try');
    assert.equal(asked(unprepared.serial!), ATTEMPTS, 'the unprepared phone: one session per try');
    const answers = [...log.matchAll(/<-- POST \/session (\d{3}) (\d+) ms/g)].map((m) => ({
      status: Number(m[1]),
      ms: Number(m[2]),
    }));
    assert.equal(answers.length, 2 * ATTEMPTS);
    for (const answer of answers) {
      assert.equal(answer.status, 500);
      assert.ok(answer.ms < SESSION_ANSWER_BOUND_MS, `Appium answered in ${answer.ms} ms`);
    }
    assert.ok(runMs < RUN_BOUND_MS, `the run took ${runMs} ms`);
    t.diagnostic(
      `Appium answered POST /session in ${answers.map((a) => a.ms).join(', ')} ms; the run (${ATTEMPTS} tries of each batch, report) took ${(runMs / 1000).toFixed(1)} s`,
    );

    // every planned probe ended inconclusive, once, with Appium's message; none is a finding
    const results = await store.probesOfRun(outcome.runId);
    const planned = await store.plannedProbes(outcome.runId);
    assert.ok(planned.length > 0);
    assert.equal(results.length, planned.length, 'every planned probe ended');
    assert.equal(new Set(results.map((r) => r.probeId)).size, results.length, 'once');
    assert.equal(results.filter(isFinding).length, 0);
    assert.ok(results.every((r) => r.verdict === 'inconclusive'));
    const of = (deviceId: string) => results.filter((r) => r.deviceId === deviceId);
    assert.ok(of(missing.id).length > 0 && of(unprepared.id).length > 0);
    for (const result of of(missing.id)) {
      // the phone is not there for Appium: as unhealthy as a failed gate
      assert.equal(result.reason, 'device-unhealthy');
      assert.equal(
        result.detail,
        `the session did not start in ${ATTEMPTS} tries: WebDriverError: Device ${missing.serial} was not in the list of connected devices`,
      );
    }
    for (const result of of(unprepared.id)) {
      // the phone is there, the driver could not set it up: a session error, not the phone's health
      assert.equal(result.reason, 'session-error');
      assert.match(
        result.detail!,
        new RegExp(
          `^the session did not start in ${ATTEMPTS} tries: .*install -r .*appium-uiautomator2-server-[\\w.-]+\\.apk' exited with code 255'; Command output: Performing Push Install adb: error: connect failed: closed$`,
        ),
      );
    }
    assert.equal(outcome.failedBatches, 2);
    assert.deepEqual(outcome.changes, []);

    // the session's failure is kept as the probes' evidence, once per batch
    for (const device of [missing, unprepared]) {
      const [evidence] = of(device.id)[0]!.evidence;
      assert.match(evidence ?? '', /^evidence\/[^/]+\/[^/]+\.session\.json$/);
      const kept = JSON.parse(readFileSync(join(reportsDir, evidence!), 'utf8')) as {
        deviceId: string;
        serial: string;
        tries: number;
        failure: string;
        output: string;
      };
      assert.equal(kept.deviceId, device.id);
      assert.equal(kept.serial, device.serial);
      assert.equal(kept.tries, ATTEMPTS);
      assert.ok(of(device.id)[0]!.detail!.endsWith(kept.failure));
      assert.match(kept.output, /ERROR @wdio\/runner/);
    }

    // neither phone is left busy: the first heartbeat after the run shows both free
    const registry = new Redis(context.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const ended = new Date().toISOString();
      let view = await readRegistry(registry, context.prefix);
      for (let i = 0; i < 20 && !(view.hosts[0]!.lastHeartbeat > ended); i++) {
        await sleep(HEARTBEAT_MS / 2);
        view = await readRegistry(registry, context.prefix);
      }
      assert.ok(view.hosts[0]!.lastHeartbeat > ended, 'a heartbeat came after the run');
      for (const device of [missing, unprepared]) {
        const seen = view.phones.find((p) => p.deviceId === device.id);
        assert.equal(seen?.status, 'idle', JSON.stringify(seen));
        assert.equal(seen?.currentJob, null);
      }
    } finally {
      registry.disconnect();
    }

    // the run still ends with its report compiled, under the firmware read off the phones
    assert.deepEqual(
      outcome.reports.map((r) => r.firmwareKey),
      ['Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM'],
    );
    assert.ok(existsSync(outcome.indexFile), outcome.indexFile);
  });
});
