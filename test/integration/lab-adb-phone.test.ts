// Integration (starts a real, private adb server from Debian's `adb` package): the real adb client and server against lab adb phones on loopback.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { LabAdbPhone, type LabAdbPhoneOptions } from '../../src/lab/adb-phone/adb-phone.ts';
import { LAB_ADB_PROFILES, labAdbProfile } from '../../src/lab/adb-phone/adb-phone-profiles.ts';
import { getpropListing } from '../../src/lab/adb-phone/shell-fixtures.ts';
import { AdbServerService } from '../../src/services/adb-server-service.ts';
import { OwnedProcess } from '../../src/services/owned-process.ts';

const run = promisify(execFile);

/** `adb devices` is polled no more often than this. */
const POLL_MS = 100;
/** How long a device state change may take to show in `adb devices`. */
const STATE_DEADLINE_MS = 5 * 1000;
/** One adb client command; a hung one fails the test instead of stalling it. */
const COMMAND_TIMEOUT_MS = 10 * 1000;

// keys and adb's state go to a temporary HOME, never the user's ~/.android
const home = mkdtempSync(join(tmpdir(), 'cw-adb-home-'));
const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
for (const name of ['ANDROID_SDK_HOME', 'ANDROID_USER_HOME', 'ADB_VENDOR_KEYS', 'ANDROID_SERIAL']) {
  delete env[name];
}

let serverPort = 0;
const server = new AdbServerService();
const phones: LabAdbPhone[] = [];
const clients: OwnedProcess[] = [];

/** Runs an adb client command against the private server; resolves with its stdout. */
async function adb(...args: string[]): Promise<string> {
  const { stdout } = await run('adb', ['-P', String(serverPort), ...args], {
    env,
    timeout: COMMAND_TIMEOUT_MS,
  });
  return stdout;
}

function shell(phone: LabAdbPhone, ...words: string[]): Promise<string> {
  return adb('-s', phone.serial, 'shell', ...words);
}

/** The phone's line in `adb devices -l`, whitespace collapsed, or undefined when it is not listed. */
async function deviceLine(phone: LabAdbPhone): Promise<string | undefined> {
  const listing = await adb('devices', '-l');
  return listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/).join(' '))
    .find((line) => line.startsWith(`${phone.serial} `));
}

/** Polls `adb devices -l` until the phone's line satisfies `wanted`; fails with the last line seen. */
async function waitForLine(
  phone: LabAdbPhone,
  wanted: (line: string | undefined) => boolean,
  what: string,
): Promise<string | undefined> {
  const deadline = Date.now() + STATE_DEADLINE_MS;
  for (;;) {
    const line = await deviceLine(phone);
    if (wanted(line)) return line;
    if (Date.now() >= deadline) {
      assert.fail(`${phone.serial} was not ${what} within ${STATE_DEADLINE_MS} ms; last: ${line}`);
    }
    await delay(POLL_MS);
  }
}

/** Text matched as it is inside a RegExp. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const stateIs = (state: string) => (line: string | undefined) => line?.split(' ')[1] === state;

async function startPhone(options: LabAdbPhoneOptions): Promise<LabAdbPhone> {
  const phone = new LabAdbPhone(options);
  phones.push(phone);
  await phone.start();
  return phone;
}

/** A started phone that `adb connect` reached and adb lists as `device`. */
async function connectedPhone(options: LabAdbPhoneOptions): Promise<LabAdbPhone> {
  const phone = await startPhone(options);
  assert.equal(await adb('connect', phone.serial), `connected to ${phone.serial}\n`);
  await waitForLine(phone, stateIs('device'), 'device');
  return phone;
}

describe('lab adb phones through the real adb', { timeout: 60 * 1000 }, () => {
  before(async () => {
    serverPort = (await server.start()).port;
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.stop()));
    await server.stop();
    await Promise.all(phones.map((phone) => phone.stop()));
    rmSync(home, { recursive: true, force: true });
  });

  test('connects to each of the five profiles and lists and reads them as the phones they stand for', async () => {
    const phones = await Promise.all(LAB_ADB_PROFILES.map((profile) => startPhone({ profile })));
    await Promise.all(
      phones.map(async (phone) => {
        const { props } = phone.profile;
        assert.equal(await adb('connect', phone.serial), `connected to ${phone.serial}\n`);
        const line = await waitForLine(phone, stateIs('device'), 'device');
        // adb lists the model with every character but letters and digits as _ (SM-G991B → SM_G991B)
        const model = props['ro.product.model']!.replace(/[^A-Za-z0-9]/g, '_');
        assert.match(
          line!,
          new RegExp(
            `^${literal(phone.serial)} device product:${props['ro.product.name']} model:${model} device:${props['ro.product.device']} transport_id:\\d+$`,
          ),
        );
        assert.equal(
          await shell(phone, 'getprop', 'ro.build.fingerprint'),
          `${props['ro.build.fingerprint']}\n`,
        );
        // the full listing spans several 4 KiB stream writes and must arrive whole and byte-exact
        const listing = await shell(phone, 'getprop');
        assert.ok(listing.length > 4096, `${phone.profile.id}: ${listing.length} bytes`);
        assert.equal(listing, getpropListing(props), phone.profile.id);
      }),
    );
  });

  test('an output cut into many small stream writes, each waiting for its OKAY, arrives whole', async () => {
    const phone = await connectedPhone({
      profile: labAdbProfile('samsung-s21-oneui41'),
      writeChunkBytes: 97,
    });
    const listing = await shell(phone, 'getprop');
    assert.ok(listing.length > 50 * 97, `${listing.length} bytes: more than 50 writes`);
    assert.equal(listing, getpropListing(phone.profile.props));
  });

  test('an unauthorized phone is listed unauthorized until its key is accepted', async () => {
    const phone = await startPhone({
      profile: labAdbProfile('xiaomi-13t-hyperos1'),
      authorized: false,
    });
    assert.equal(await adb('connect', phone.serial), `failed to authenticate to ${phone.serial}\n`);
    const line = await waitForLine(phone, stateIs('unauthorized'), 'unauthorized');
    assert.match(line!, new RegExp(`^${literal(phone.serial)} unauthorized transport_id:\\d+$`));
    await assert.rejects(shell(phone, 'getprop'), /unauthorized/);
    phone.setAuthorized(true);
    await waitForLine(phone, stateIs('device'), 'device once authorized');
    assert.equal(await shell(phone, 'getprop', 'ro.mi.os.version.name'), 'OS1.0\n');
  });

  test('a phone that never answers the handshake is listed offline, and online once it answers', async () => {
    const phone = await startPhone({ profile: labAdbProfile('pixel5-android14'), link: 'offline' });
    // `adb connect` waits ~10 s for a handshake that never comes: run it aside and stop it
    const connecting = new OwnedProcess({
      name: 'adb connect (offline phone)',
      command: 'adb',
      args: ['-P', String(serverPort), 'connect', phone.serial],
      env,
    });
    clients.push(connecting);
    await connecting.start();
    const line = await waitForLine(phone, stateIs('offline'), 'offline');
    assert.match(line!, new RegExp(`^${literal(phone.serial)} offline transport_id:\\d+$`));
    await connecting.stop();
    await phone.setLink('online');
    await waitForLine(phone, stateIs('device'), 'device once online');
  });

  test('a phone that is gone is no longer listed as a device', async () => {
    const phone = await connectedPhone({ profile: labAdbProfile('xiaomi-mi10t-miui12') });
    await phone.setLink('gone');
    const line = await waitForLine(phone, (l) => !stateIs('device')(l), 'gone');
    // adb keeps it as offline while it retries, then forgets it
    assert.ok(line === undefined || stateIs('offline')(line), line);
  });

  test('battery and screen changes show through dumpsys, and key events wake and unlock', async () => {
    const phone = await connectedPhone({ profile: labAdbProfile('xiaomi-mi10t-miui12') });
    phone.setBattery(15, false);
    const battery = await shell(phone, 'dumpsys', 'battery');
    assert.match(battery, /^ {2}level: 15$/m);
    assert.match(battery, /^ {2}USB powered: false$/m);

    phone.setScreen('off');
    assert.match(await shell(phone, 'dumpsys', 'power'), /^ {2}mWakefulness=Asleep$/m);
    assert.equal(await shell(phone, 'input', 'keyevent', '224'), '');
    assert.equal(phone.screen, 'locked');
    assert.match(await shell(phone, 'dumpsys', 'power'), /^ {2}mWakefulness=Awake$/m);
    assert.match(await shell(phone, 'dumpsys', 'window'), /mShowingLockscreen=true/);
    await shell(phone, 'wm', 'dismiss-keyguard');
    const window = await shell(phone, 'dumpsys', 'window');
    assert.match(window, /mDreamingLockscreen=false/);
    assert.match(
      window,
      /mCurrentFocus=Window\{\w+ u0 com\.miui\.home\/com\.miui\.home\.launcher\.Launcher\}/,
    );
    assert.deepEqual(phone.shellCommands, [
      'dumpsys battery',
      'dumpsys power',
      'input keyevent 224',
      'dumpsys power',
      'dumpsys window',
      'wm dismiss-keyguard',
      'dumpsys window',
    ]);
  });

  test('a firmware update shows through getprop at once, the connection staying up', async () => {
    const phone = await connectedPhone({ profile: labAdbProfile('samsung-s21-oneui41') });
    const fingerprint = 'samsung/o1sxeea/o1s:13/TP1A.220624.014/G991BXXU9EWGA:user/release-keys';
    phone.updateFirmware({ fingerprint, sdk: 33, props: { 'ro.build.version.oneui': '50100' } });
    assert.equal(await shell(phone, 'getprop', 'ro.build.fingerprint'), `${fingerprint}\n`);
    assert.equal(await shell(phone, 'getprop', 'ro.build.version.incremental'), 'G991BXXU9EWGA\n');
    assert.equal(await shell(phone, 'getprop', 'ro.build.PDA'), 'G991BXXU9EWGA\n');
    assert.equal(await shell(phone, 'getprop', 'ro.build.version.release'), '13\n');
    assert.equal(await shell(phone, 'getprop', 'ro.build.version.oneui'), '50100\n');
  });

  test('apps, missing apps and unknown commands are answered as a phone answers them', async () => {
    const phone = await connectedPhone({ profile: labAdbProfile('xiaomi-mi10t-miui12') });
    assert.match(
      await shell(phone, 'dumpsys', 'package', 'com.mi.globalbrowser'),
      /^ {4}versionName=13\.25\.0-gn$/m,
    );
    assert.equal(
      await shell(phone, 'dumpsys', 'package', 'com.example.none'),
      'Unable to find package: com.example.none\n',
    );
    assert.match(
      await shell(phone, 'pm', 'list', 'packages'),
      /^package:org\.telegram\.messenger$/m,
    );
    assert.equal(
      await shell(phone, 'reboot'),
      '/system/bin/sh: reboot: inaccessible or not found\n',
    );
  });

  test('a connection that sends garbage is dropped and the phone goes on serving adb', async () => {
    const phone = await connectedPhone({ profile: labAdbProfile('pixel5-android14') });
    const socket = connect(phone.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await closed;
    assert.equal(await shell(phone, 'getprop', 'ro.serialno'), '0A151FDD4003MT\n');
  });
});
