// Integration (real adb server and client from Debian's `adb`, lab adb phones, real Redis, SQLite, WDIO, allure): phones found and read over adb, their health gate, and their firmware read off them before each batch.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { HEALTH_DEFAULTS, type HealthRecord } from '../../src/devices/device-health.ts';
import { AdbPhones } from '../../src/devices/adb-phones.ts';
import type { DeviceProfile } from '../../src/devices/device-profile.ts';
import { HealthGate } from '../../src/devices/health-gate.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import type { DeviceFacts } from '../../src/discovery/device-facts.ts';
import { labAdbProfile } from '../../src/lab/adb-phone/adb-phone-profiles.ts';
import { startLabAdbPhones, type LabAdbPhones } from '../../src/lab/lab-adb-phones.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { firmwareSlug } from '../../src/report/firmware-slug.ts';
import { freePort } from '../../src/services/free-port.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { Farm } from '../../queue/farm.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import type { QueueContext } from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';
import { runCensorwatch } from '../support/censorwatch-command.ts';

const RUN_TIMEOUT_MS = 2 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-adb-devices-'));
const MI10T = labAdbProfile('xiaomi-mi10t-miui12');
const UPDATE = {
  fingerprint: 'Xiaomi/apollo_eea/apollo:12/SKQ1.211006.001/V13.0.1.0.SJDEUXM:user/release-keys',
  incremental: 'V13.0.1.0.SJDEUXM',
};

describe('censorwatch devices', { timeout: 60 * 1000 }, () => {
  test('--lab lists the five vendors as read off them, and --write makes profiles that load', async () => {
    const profiles = join(dir, 'written');
    const outcome = await runCensorwatch(
      ['devices', '--lab', '--json', '--write', profiles],
      { ...process.env, LOG_LEVEL: 'warn' },
      60 * 1000,
    );
    const phones = JSON.parse(outcome.stdout) as DeviceFacts[];
    const byModel = new Map(phones.map((p) => [p.model, p]));
    assert.deepEqual([...byModel.keys()].sort(), [
      '2306EPN60G',
      'ELS-NX9',
      'M2007J3SG',
      'Pixel 5',
      'SM-G991B',
    ]);
    const mi = byModel.get('M2007J3SG')!;
    assert.equal(mi.state, 'device');
    assert.equal(mi.manufacturer, 'Xiaomi');
    assert.equal(mi.fingerprint, MI10T.props['ro.build.fingerprint']);
    assert.equal(mi.incremental, 'V12.5.4.0.RJDEUXM');
    assert.deepEqual(mi.vendorUi, { name: 'MIUI', version: '12.5' });
    assert.equal(mi.locale, 'en-GB');
    assert.deepEqual(mi.battery, { level: 85, charging: true });
    assert.deepEqual(mi.screen, { on: true, locked: false });
    assert.equal(mi.apps['com.android.chrome'], '120.0.6099.144');
    assert.equal(byModel.get('2306EPN60G')!.vendorUi?.name, 'HyperOS');
    assert.equal(byModel.get('SM-G991B')!.vendorUi?.name, 'One UI');
    assert.equal(byModel.get('ELS-NX9')!.vendorUi?.name, 'EMUI');
    assert.equal(byModel.get('Pixel 5')!.vendorUi, null, 'stock Android');
    // the Huawei has no target browser: its profile is refused by name, the others written
    assert.equal(outcome.status, 2, outcome.stderr);
    assert.match(outcome.stderr, /no profile written: .*field `targets` needs a target browser/);
    const loaded = loadDeviceProfiles(profiles);
    assert.equal(loaded.length, 4);
    const written = loaded.find((p) => p.model === 'M2007J3SG')!;
    assert.equal(written.firmware.fingerprint, MI10T.props['ro.build.fingerprint']);
    assert.deepEqual(
      written.targets.map((t) => [t.app, t.appVersion]),
      [
        ['android-chrome', '120.0.6099.144'],
        ['mi-browser', MI10T.packages.find((p) => p.name === 'com.mi.globalbrowser')!.versionName],
      ],
    );
  });
});

describe('the health gate over the real adb', { timeout: 60 * 1000 }, () => {
  let lab: LabAdbPhones;
  const checkOf = async (index: number, wake = true) => {
    const phone = lab.phones[index]!;
    const gate = new HealthGate(new AdbPhones(lab.server), { ...HEALTH_DEFAULTS, wake });
    const device = {
      ...deviceOn(phone.serial, 'http://127.0.0.1:9'),
      file: '',
      extensionDir: null,
    } as unknown as DeviceProfile;
    return await gate.check(device, ['com.android.chrome']);
  };
  before(async () => {
    lab = await startLabAdbPhones([
      { profile: MI10T },
      { profile: MI10T, battery: { level: 5, charging: false } },
      { profile: MI10T, screen: 'off' },
      { profile: MI10T, screen: 'locked' },
      { profile: MI10T, authorized: false },
      { profile: MI10T },
      { profile: MI10T },
    ]);
    await lab.phones[5]!.setLink('offline');
    await lab.phones[6]!.setLink('gone');
  });
  after(async () => lab?.stop());

  test('passes a charged, awake phone and says the firmware it runs', async () => {
    const { record, firmware } = await checkOf(0);
    assert.deepEqual(record.problems, []);
    assert.equal(firmware?.firmwareKey, 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM');
    assert.equal(firmware?.changed, false);
  });

  test('stops a phone on low battery, a locked screen, no authorisation, offline or gone', async () => {
    const checks = async (index: number) =>
      (await checkOf(index)).record.problems.map((p) => p.check);
    assert.deepEqual(await checks(1), ['battery']);
    assert.deepEqual(
      (await checkOf(3, false)).record.problems.map((p) => p.check),
      ['screen'],
      'locked, and the gate may not dismiss the lock screen',
    );
    assert.deepEqual(await checks(4), ['authorised']);
    assert.deepEqual(await checks(5), ['attached']);
    assert.deepEqual(await checks(6), ['attached']);
  });

  test('wakes a phone whose screen is off, and dismisses its lock screen, when it may; stops it when it may not', async () => {
    assert.deepEqual(
      (await checkOf(2, false)).record.problems.map((p) => p.check),
      ['screen'],
    );
    for (const index of [2, 3]) {
      const woken = await checkOf(index, true);
      assert.deepEqual(woken.record.problems, [], `phone ${index}`);
      assert.deepEqual(woken.record.facts?.screen, { on: true, locked: false });
    }
  });
});

/** A phone's profile: the Mi 10T over adb as `serial`, its Appium server at `appiumUrl`. */
function deviceOn(serial: string, appiumUrl: string, id = 'mi10t-adb') {
  return {
    id,
    manufacturer: 'Xiaomi',
    model: 'Mi 10T 5G',
    firmware: { fingerprint: MI10T.props['ro.build.fingerprint']!, version: 'V12.5.4.0.RJDEUXM' },
    region: 'EU',
    locale: 'en-GB',
    serial,
    appium: { url: appiumUrl, capabilities: { platformName: 'Android' } },
    targets: [{ app: 'android-chrome', kind: 'browser', inputPath: 'set-text' }],
  };
}

describe('batches on phones read over adb', { timeout: 3 * RUN_TIMEOUT_MS }, () => {
  const redis = new RedisService();
  let lab: LabAdbPhones;
  let context: QueueContext;
  let store: ResultStore;
  let farm: Farm;
  const database = join(dir, 'cw.db');
  const reportsDir = join(dir, 'reports');
  const all = loadTermList('terms/xiaomi-2021.yaml');
  const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
  let updated: DeviceProfile;
  let drained: DeviceProfile;

  before(async () => {
    lab = await startLabAdbPhones([
      { profile: MI10T },
      { profile: MI10T, battery: { level: 4, charging: false } },
    ]);
    // no Appium answers there: a healthy phone's batch starts, finds no server and ends inconclusive
    const noAppium = `http://127.0.0.1:${await freePort()}`;
    const devicesDir = join(dir, 'devices');
    mkdirSync(devicesDir, { recursive: true });
    const phones = [
      deviceOn(lab.phones[0]!.serial, noAppium, 'mi10t-updated'),
      deviceOn(lab.phones[1]!.serial, noAppium, 'mi10t-drained'),
    ];
    for (const phone of phones) {
      writeFileSync(join(devicesDir, `${phone.id}.yaml`), stringify(phone));
    }
    [drained, updated] = loadDeviceProfiles(devicesDir) as [DeviceProfile, DeviceProfile];
    context = {
      redisUrl: await redis.start(),
      prefix: `cw-test-${randomBytes(4).toString('hex')}`,
    };
    store = await ResultStore.open(database);
    farm = await Farm.start({
      context,
      devices: [updated, drained],
      labAppiumUrl: undefined,
      canaryUrl: 'http://127.0.0.1:9/canary',
      vendorUrl: undefined,
      reportsDir,
      database,
      batchSize: 50,
      store,
      adb: {
        phones: new AdbPhones(lab.server),
        health: { ...HEALTH_DEFAULTS, attempts: 2, backoffMs: 50 },
      },
    });
  });
  after(async () => {
    await farm?.close();
    if (context) await purgePrefix(context).catch(() => 0);
    await store?.close();
    await redis.stop();
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (devices: DeviceProfile[]) =>
    await waitForRun(
      context,
      (
        await startRun(context, store, {
          kind: 'nightly',
          devices,
          termList,
          repetition: { required: 1, attempts: 1 },
        })
      ).parentJobId,
      RUN_TIMEOUT_MS,
    );

  test('a firmware update between two runs files the second under the new key and raises firmware updated; an unhealthy phone gives up inconclusive', async () => {
    const first = await run([updated]);
    const OLD = 'Xiaomi Mi 10T 5G / V12.5.4.0.RJDEUXM';
    const NEW = 'Xiaomi Mi 10T 5G / V13.0.1.0.SJDEUXM';
    const firstResults = await store.probesOfRun(first.runId);
    assert.deepEqual([...new Set(firstResults.map((r) => r.firmwareKey))], [OLD]);
    assert.deepEqual(first.firmwareUpdates, []);
    // no phone answered the session: inconclusive, never a finding
    assert.ok(firstResults.every((r) => r.verdict === 'inconclusive' && !isFinding(r)));

    lab.phones[0]!.updateFirmware(UPDATE);
    const second = await run([updated, drained]);
    const results = await store.probesOfRun(second.runId);
    const of = (deviceId: string) => results.filter((r) => r.deviceId === deviceId);
    assert.deepEqual([...new Set(of('mi10t-updated').map((r) => r.firmwareKey))], [NEW]);
    assert.deepEqual(
      second.firmwareUpdates.map((u) => [u.deviceId, u.from, u.to]),
      [['mi10t-updated', OLD, NEW]],
    );
    assert.ok(second.reports.some((r) => r.firmwareKey === NEW));
    // the report says where its firmware came from
    const environment = JSON.parse(
      readFileSync(
        join(reportsDir, 'allure', firmwareSlug(NEW), 'widgets', 'environment.json'),
        'utf8',
      ),
    ) as { name: string; values: string[] }[];
    const source = environment.find((e) => e.name === 'firmware.source')?.values[0];
    assert.match(
      source ?? '',
      /^read off mi10t-updated over adb at .*; its profile says Xiaomi Mi 10T 5G \/ V12\.5\.4\.0\.RJDEUXM$/,
    );

    // the drained phone was tried twice, then its probes gave up with the health record as evidence
    const unhealthy = of('mi10t-drained');
    const planned = (await store.plannedProbes(second.runId)).filter(
      (p) => p.identity.deviceId === 'mi10t-drained',
    );
    assert.ok(planned.length > 0);
    assert.equal(unhealthy.length, planned.length, 'every planned probe ended');
    for (const result of unhealthy) {
      assert.equal(result.verdict, 'inconclusive');
      assert.equal(result.reason, 'device-unhealthy');
      assert.match(result.detail!, /failed its health gate 2 times: battery at 4 %/);
    }
    const evidence = join(reportsDir, unhealthy[0]!.evidence[0]!);
    assert.ok(existsSync(evidence), evidence);
    const record = JSON.parse(readFileSync(evidence, 'utf8')) as HealthRecord;
    assert.equal(record.serial, lab.phones[1]!.serial);
    assert.deepEqual(
      record.problems.map((p) => p.check),
      ['battery'],
    );
  });
});
