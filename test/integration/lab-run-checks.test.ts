// Integration (real Redis, Appium, Chromium, lab firmware): the run checks that stop a blind or idle harness calling a phone clean.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { loadVendorList } from '../../src/lab/vendor-list.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-run-checks-'));
const device = loadDeviceProfiles('devices').find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!;
const all = loadTermList('terms/xiaomi-2021.yaml');
const termList = {
  ...all,
  terms: all.terms.filter((t) => ['free-tibet-en', 'voice-of-america-en'].includes(t.id)),
};
const planted = loadVendorList('devices/lab/vendor/mi-ad-blacklist.yaml');
let lab: EmbeddedLab;

async function runOnce(): Promise<ProbeResult[]> {
  const run = await startRun(lab.context, lab.store, {
    kind: 'check',
    devices: [device],
    termList,
  });
  await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
  return lab.store.probesOfRun(run.runId);
}

describe('run checks on the lab', { timeout: 2 * RUN_TIMEOUT_MS }, () => {
  before(async () => {
    lab = await startEmbeddedLab([device], 50, {
      reportsDir: dir,
      databasePath: join(dir, 'cw.db'),
    });
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with the filter switched off remotely, the positive control is missed and no term is called clean', async () => {
    lab.lab.vendor.setList({ ...planted, switch: {} });
    const results = await runOnce();
    const positive = results.find((r) => r.role === 'positive-control')!;
    assert.equal(positive.verdict, 'intact', 'the planted positive control came through');
    const terms = results.filter((r) => r.role === 'term');
    assert.equal(terms.length, 2);
    for (const term of terms) {
      assert.equal(term.verdict, 'inconclusive', term.termId);
      assert.equal(term.reason, 'positive-control-missed', term.termId);
    }
  });

  test('when the truism is blocked, the harness is blind and every term is inconclusive', async () => {
    lab.lab.vendor.setList({
      ...planted,
      switch: { [device.firmware.version]: true },
      rules: [...planted.rules, { action: 'block', terms: ['weather forecast'] }],
    });
    const results = await runOnce();
    assert.equal(results.find((r) => r.role === 'truism')!.verdict, 'blocked');
    const terms = results.filter((r) => r.role === 'term');
    for (const term of terms) assert.equal(term.reason, 'truism-failed', term.termId);
  });
});
