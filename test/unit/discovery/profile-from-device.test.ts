import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { deviceProfileSchema } from '../../../src/devices/device-profile.ts';
import { loadDeviceProfile } from '../../../src/devices/load-device-profiles.ts';
import { unreadFacts, type DeviceFacts } from '../../../src/discovery/device-facts.ts';
import { factsFromProps } from '../../../src/discovery/facts-from-props.ts';
import { profileFromDevice } from '../../../src/discovery/profile-from-device.ts';
import { InputError } from '../../../src/errors.ts';
import { fixture, propsOf } from './discovery-fixtures.ts';

const CHROME = 'com.android.chrome';
const TELEGRAM = 'org.telegram.messenger';

function factsOf(phone: string, serial: string, apps: Record<string, string | null>): DeviceFacts {
  const { fields, errors } = factsFromProps(propsOf(phone));
  return {
    serial,
    state: 'device',
    ...fields,
    battery: { level: 80, charging: true },
    screen: { on: true, locked: false },
    apps,
    errors: { ...errors },
  };
}

const refusal = (field: string, pattern: RegExp) => (error: unknown) =>
  error instanceof InputError &&
  error.code === 'E_DEVICE_PROFILE' &&
  error.field === field &&
  pattern.test(error.message);

const dir = mkdtempSync(join(tmpdir(), 'cw-discovery-'));

describe('a device profile written from a phone', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('loads with the profile loader: id, firmware, region, locale, Appium and the installed browser', () => {
    const facts = factsOf('xiaomi-miui', 'a1b2c3d4', {
      [CHROME]: '121.0.6167.164',
      [TELEGRAM]: null,
    });
    const draft = profileFromDevice(facts, null);
    const file = join(dir, `${draft.id}.yaml`);
    writeFileSync(file, draft.text);
    const profile = loadDeviceProfile(file);
    assert.equal(draft.id, 'xiaomi-m2101k6g-a1b2c3d4');
    assert.deepEqual(
      {
        id: profile.id,
        manufacturer: profile.manufacturer,
        model: profile.model,
        firmware: profile.firmware,
        region: profile.region,
        locale: profile.locale,
        appium: profile.appium,
        targets: profile.targets.map(({ app, kind, appVersion }) => ({ app, kind, appVersion })),
      },
      {
        id: 'xiaomi-m2101k6g-a1b2c3d4',
        manufacturer: 'Xiaomi',
        model: 'M2101K6G',
        firmware: {
          fingerprint:
            'Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys',
          version: 'V12.5.6.0.RKFEUXM',
        },
        region: 'DE',
        locale: 'de-DE',
        appium: {
          url: 'http://127.0.0.1:4723',
          capabilities: {
            platformName: 'Android',
            'appium:automationName': 'UiAutomator2',
            'appium:udid': 'a1b2c3d4',
          },
        },
        targets: [{ app: 'android-chrome', kind: 'browser', appVersion: '121.0.6167.164' }],
      },
    );
    assert.match(
      draft.text,
      /^# Xiaomi M2101K6G \(adb serial a1b2c3d4\): written from what the phone reports over adb\nid: /,
    );
  });

  test("names a Pixel's firmware by its build id, and leaves an installed messenger as a comment to fill in", () => {
    const facts = factsOf('pixel', '2A141FDH300ABC', {
      [CHROME]: '121.0.6167.178',
      [TELEGRAM]: '10.8.1',
    });
    const draft = profileFromDevice(facts, null, { region: 'GB' });
    const profile = deviceProfileSchema.parse(parse(draft.text));
    assert.equal(profile.id, 'google-pixel-7-2a141fdh300abc');
    assert.equal(profile.firmware.version, 'UQ1A.240205.004');
    assert.equal(profile.region, 'GB');
    assert.deepEqual(
      profile.targets.map((t) => t.app),
      ['android-chrome'],
    );
    assert.match(
      draft.text,
      /\n {2}# telegram 10\.8\.1 \(org\.telegram\.messenger\) is installed: add it as a target by hand, with this phone's account and a peer phone\n$/,
    );
  });

  test('refuses a phone whose fingerprint could not be read, naming the field and why', () => {
    const facts = factsOf('xiaomi-miui', 'a1b2c3d4', { [CHROME]: '121.0.6167.164' });
    const unread = {
      ...facts,
      fingerprint: null,
      errors: { fingerprint: '`getprop` gave no answer within 10 s' },
    };
    assert.throws(
      () => profileFromDevice(unread, null),
      refusal(
        'firmware.fingerprint',
        /^the profile of phone a1b2c3d4: field `firmware\.fingerprint` needs the phone's ro\.build\.fingerprint, which could not be read: `getprop` gave no answer within 10 s$/,
      ),
    );
    const unauthorized = unreadFacts(
      'a1b2c3d4',
      'unauthorized',
      [CHROME],
      'adb reports the phone unauthorized: accept the RSA key prompt on the phone',
    );
    assert.throws(
      () => profileFromDevice(unauthorized, null),
      refusal('firmware.fingerprint', /accept the RSA key prompt/),
    );
  });

  test('refuses a region the phone reports that is no profile region code, asking for one', () => {
    const facts = factsOf('oneplus-oxygenos', 'OP11EU', { [CHROME]: '120.0.6099.230' });
    assert.throws(
      () => profileFromDevice(facts, null),
      refusal(
        'region',
        /^the profile of phone OP11EU: field `region` must be an upper-case region code such as EU or CN \(the phone reports "EUEX"; give the region\)$/,
      ),
    );
    assert.equal(
      deviceProfileSchema.parse(parse(profileFromDevice(facts, null, { region: 'EU' }).text))
        .region,
      'EU',
    );
  });

  test('refuses a phone with no readable region, passing on why it could not be read', () => {
    const pixel = factsOf('pixel', '2A141FDH300ABC', { [CHROME]: '121.0.6167.178' });
    const facts = {
      ...pixel,
      region: null,
      errors: { region: 'none of ro.miui.region, … is set' },
    };
    assert.throws(
      () => profileFromDevice(facts, null),
      refusal(
        'region',
        /^the profile of phone 2A141FDH300ABC: field `region` .+ \(the phone's could not be read: none of ro\.miui\.region, … is set; give the region\)$/,
      ),
    );
  });

  test('refuses a phone with no target browser installed, saying which messengers were found', () => {
    const facts = factsOf('samsung-oneui', 'R5CT20ABCDE', { [CHROME]: null, [TELEGRAM]: '10.8.1' });
    assert.throws(
      () => profileFromDevice(facts, null),
      refusal(
        'targets',
        /none of com\.android\.chrome, com\.mi\.globalbrowser is \(messengers telegram are, but need an account and a peer phone/,
      ),
    );
  });
});

describe('a device profile updated from a phone', () => {
  const handEdited = fixture('profile-hand-edited.yaml');
  const updated = factsOf('xiaomi-miui', 'a1b2c3d4', {
    [CHROME]: '121.0.6167.164',
    'com.mi.globalbrowser': '14.5.2',
  });

  test('keeps every comment and every field written by hand', () => {
    const draft = profileFromDevice(updated, handEdited);
    for (const line of handEdited.split('\n').filter((l) => l.includes('#'))) {
      assert.ok(
        draft.text.includes(line.replace(/^.*?(#.*)$/, '$1')),
        `keeps ${JSON.stringify(line)}`,
      );
    }
    const profile = deviceProfileSchema.parse(parse(draft.text));
    assert.equal(profile.id, 'redmi-note-10-pro-shelf');
    assert.equal(profile.region, 'EU');
    assert.equal(profile.reference, 'lab-pixel5');
    assert.equal(profile.appium.url, 'http://10.0.0.5:4723');
    assert.equal(profile.appium.capabilities['appium:newCommandTimeout'], 300);
    const [chrome, telegram] = profile.targets;
    assert.deepEqual(chrome?.positiveControl, { text: '法轮功', language: 'zh-Hans' });
    assert.equal(chrome?.inputPath, 'set-text');
    assert.equal(telegram?.account, '@cw_shelf_phone');
    assert.deepEqual(telegram?.peer?.appium.capabilities, {
      'appium:udid': 'e5f6a7b8',
      'appium:automationName': 'UiAutomator2',
    });
  });

  test('updates only what the phone reports: the new build, its version, the app version', () => {
    const draft = profileFromDevice(updated, handEdited);
    const profile = deviceProfileSchema.parse(parse(draft.text));
    assert.deepEqual(profile.firmware, {
      fingerprint: 'Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys',
      version: 'V12.5.6.0.RKFEUXM',
    });
    assert.equal(profile.targets[0]?.appVersion, '121.0.6167.164');
    assert.deepEqual(draft.notes, [
      'firmware.fingerprint: "Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.4.0.RKFEUXM:user/release-keys" → "Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys"',
      'firmware.version: "MIUI 12.5.4 EEA" → "V12.5.6.0.RKFEUXM"',
      'targets[0].appVersion: "119.0.6045.163" → "121.0.6167.164"',
      'mi-browser 14.5.2 is installed but not a target: not added, the file lists its own targets',
    ]);
    // only those lines differ from the file
    const changed = draft.text.split('\n').filter((line) => !handEdited.split('\n').includes(line));
    assert.deepEqual(changed, [
      '  fingerprint: Redmi/sweet_eea/sweet:11/RKQ1.200826.002/V12.5.6.0.RKFEUXM:user/release-keys',
      '  version: V12.5.6.0.RKFEUXM',
      '    appVersion: 121.0.6167.164',
    ]);
  });

  test('keeps the manufacturer and model a user named the phone by: they name its reports', () => {
    const named = handEdited.replace('model: M2101K6G', 'model: Redmi Note 10 Pro');
    const profile = deviceProfileSchema.parse(parse(profileFromDevice(updated, named).text));
    assert.equal(profile.model, 'Redmi Note 10 Pro');
    assert.equal(profile.manufacturer, 'Xiaomi');
  });

  test("keeps the file's version name while the phone runs the same build, and changes nothing twice", () => {
    const once = profileFromDevice(updated, handEdited).text;
    const sameBuild = handEdited.replace('V12.5.4.0.RKFEUXM:user', 'V12.5.6.0.RKFEUXM:user');
    const kept = profileFromDevice(updated, sameBuild);
    assert.equal(deviceProfileSchema.parse(parse(kept.text)).firmware.version, 'MIUI 12.5.4 EEA');
    assert.deepEqual(profileFromDevice(updated, once).notes, [
      'mi-browser 14.5.2 is installed but not a target: not added, the file lists its own targets',
    ]);
    assert.equal(profileFromDevice(updated, once).text, once);
  });

  test('fills in region, locale, appium and targets only where the file has none', () => {
    const bare = [
      '# written by hand',
      'id: shelf-phone',
      'manufacturer: Xiaomi',
      'model: M2101K6G',
      'firmware: { fingerprint: old, version: old }',
      '',
    ].join('\n');
    const draft = profileFromDevice(updated, bare);
    const profile = deviceProfileSchema.parse(parse(draft.text));
    assert.equal(profile.region, 'DE');
    assert.equal(profile.locale, 'de-DE');
    assert.equal(profile.appium.capabilities['appium:udid'], 'a1b2c3d4');
    assert.deepEqual(
      profile.targets.map((t) => t.app),
      ['android-chrome', 'mi-browser'],
    );
    assert.match(draft.text, /^# written by hand\nid: shelf-phone\n/);
  });

  test("says a target's app is not installed on the phone, and leaves the target", () => {
    const noTelegram = { ...updated, apps: { ...updated.apps, [TELEGRAM]: null } };
    const draft = profileFromDevice(noTelegram, handEdited);
    assert.ok(
      draft.notes.includes(
        'targets[1]: telegram (org.telegram.messenger) is not installed on the phone',
      ),
    );
    assert.equal(deviceProfileSchema.parse(parse(draft.text)).targets.length, 2);
  });

  test("refuses a lab phone's profile, and a file that is no YAML map", () => {
    const lab = [
      'id: lab-x',
      'manufacturer: Xiaomi',
      'model: Mi 10T 5G',
      'firmware: { fingerprint: a, version: b }',
      'lab: {}',
      '',
    ].join('\n');
    assert.throws(
      () => profileFromDevice(updated, lab, { file: 'devices/lab-x.yaml' }),
      refusal('lab', /^devices\/lab-x\.yaml: field `lab`/),
    );
    assert.throws(
      () => profileFromDevice(updated, 'id: [unclosed', { file: 'devices/x.yaml' }),
      (error: unknown) =>
        error instanceof InputError && /^devices\/x\.yaml:1: not valid YAML/.test(error.message),
    );
    assert.throws(
      () => profileFromDevice(updated, '- a\n- b\n'),
      (error: unknown) =>
        error instanceof InputError && /not a map of profile fields/.test(error.message),
    );
  });
});
