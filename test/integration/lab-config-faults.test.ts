// Integration (real Redis, Appium, Chromium, allure-commandline): configuration faults found when a batch runs end
// inconclusive(config-error) in the store and the report, never session errors and never clean results.
import assert from 'node:assert/strict';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfile } from '../../src/devices/load-device-profiles.ts';
import { firmwareSlug } from '../../src/report/firmware-slug.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'cw-config-faults-'));
const pixel = readFileSync('devices/lab-pixel5.yaml', 'utf8');
let lab: EmbeddedLab;
let results: ProbeResult[];

/** A copy of the lab Pixel's profile under another id and firmware version, with its own firmware extension. */
function profile(id: string, extension: string): string {
  const file = join(dir, `${id}.yaml`);
  writeFileSync(
    file,
    pixel
      .replace('id: lab-pixel5', `id: ${id}`)
      .replace('version: SQ3A.220705.003.A1', `version: ${id.toUpperCase()}`)
      .replace('firmware: {}', `firmware: { extension: ${extension} }`),
  );
  return file;
}

describe('configuration faults found when a batch runs', { timeout: 4 * 60 * 1000 }, () => {
  before(async () => {
    // Chromium refuses an extension whose manifest has no `version`, and would run without it
    const refused = join(dir, 'refused-firmware');
    cpSync(resolve('test/fixtures/custom-firmware'), refused, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(refused, 'manifest.json'), 'utf8'));
    delete manifest.version;
    writeFileSync(join(refused, 'manifest.json'), JSON.stringify(manifest));
    const refusedFile = profile('lab-refused-firmware', refused);
    // a profile that was good when the run was queued and is bad when its batch starts
    const good = join(dir, 'good-firmware');
    mkdirSync(good);
    cpSync(resolve('test/fixtures/custom-firmware'), good, { recursive: true });
    const editedFile = profile('lab-edited-profile', good);

    const devices = [refusedFile, editedFile].map((file) =>
      withTargetsOf(loadDeviceProfile(file), 'browser'),
    );
    writeFileSync(
      editedFile,
      readFileSync(editedFile, 'utf8').replace('inputPath: key-events', 'inputPath: ime'),
    );

    const all = loadTermList('terms/xiaomi-2021.yaml');
    const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
    lab = await startEmbeddedLab(devices, 50, { reportsDir: dir, database: join(dir, 'cw.db') });
    const run = await startRun(lab.context, lab.store, { kind: 'check', devices, termList });
    await waitForRun(lab.context, run.parentJobId, 3 * 60 * 1000);
    results = await lab.store.probesOfRun(run.runId);
    assert.equal(results.length, run.plannedProbes);
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("lab firmware Chromium refused to load ends every probe config-error, naming the folder and Chromium's reason", () => {
    const refused = results.filter((r) => r.deviceId === 'lab-refused-firmware');
    assert.equal(refused.length, 3);
    for (const result of refused) {
      assert.equal(result.verdict, 'inconclusive');
      assert.equal(result.reason, 'config-error', result.detail ?? '');
      assert.match(
        result.detail ?? '',
        /refused-firmware is not running: Chromium did not load it/,
      );
      assert.match(result.detail ?? '', /Required value 'version' is missing/);
    }
  });

  test('a profile made bad after queueing ends its batch config-error, naming the file and field', () => {
    const edited = results.filter((r) => r.deviceId === 'lab-edited-profile');
    assert.equal(edited.length, 3);
    for (const result of edited) {
      assert.equal(result.reason, 'config-error', result.detail ?? '');
      assert.match(
        result.detail ?? '',
        /lab-edited-profile\.yaml: field `targets\[0\]\.inputPath`/,
      );
      assert.match(result.detail ?? '', /not ime/);
    }
  });

  test('the report files them under "Inconclusive: config error", as broken', () => {
    for (const id of ['lab-refused-firmware', 'lab-edited-profile']) {
      assertReportOfConfigErrors(
        join(dir, 'allure', firmwareSlug(`Google Pixel 5 / ${id.toUpperCase()}`)),
      );
    }
  });
});

function assertReportOfConfigErrors(report: string): void {
  const categories = JSON.parse(
    readFileSync(join(report, 'widgets', 'categories.json'), 'utf8'),
  ) as {
    items: { name: string; statistic: { broken: number; total: number } }[];
  };
  assert.deepEqual(
    categories.items.map((c) => [c.name, c.statistic.broken, c.statistic.total]),
    [['Inconclusive: config error', 3, 3]],
  );
  const cases = readdirSync(join(report, 'data', 'test-cases')).map(
    (name) =>
      JSON.parse(readFileSync(join(report, 'data', 'test-cases', name), 'utf8')) as {
        status: string;
      },
  );
  assert.equal(cases.length, 3);
  assert.ok(cases.every((c) => c.status === 'broken'));
}
