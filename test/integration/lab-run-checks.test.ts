// Integration (real Redis, Appium, Chromium, lab firmware): the run checks that stop a blind or idle harness calling a phone clean.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { loadVendorList } from '../../src/lab/vendor-list.ts';
import type { RepetitionPolicy } from '../../src/oracle/confirm-finding.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-run-checks-'));
const profiles = loadDeviceProfiles('devices').map((d) => withTargetsOf(d, 'browser'));
const device = profiles.find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!;
/** The vendor list the twin's firmware reads, so its run can go beside one on the phone's own list. */
const TWIN_LIST = 'MiAdBlacklistConfig-twin';
/** The same phone and firmware under another id (its own queue), reading `TWIN_LIST`. */
const twin = {
  ...device,
  id: `${device.id}-twin`,
  lab: { ...device.lab!, firmware: { ...device.lab!.firmware, vendorList: TWIN_LIST } },
};
const stockPixel = profiles.find((d) => d.id === 'lab-pixel5')!;
/** The reference phone, given lab firmware that reads the (normally empty) vendor list `none`. */
const reference = {
  ...stockPixel,
  extensionDir: resolve('src/lab/firmware/extension'),
  lab: { ...stockPixel.lab!, firmware: { vendorList: 'none' } },
};
const all = loadTermList('terms/xiaomi-2021.yaml');
/** One term: what a run check does to a term it does to every term of the batch. */
const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
const planted = loadVendorList('devices/lab/vendor/mi-ad-blacklist.yaml');
let lab: EmbeddedLab;

async function runOnce(
  terms: typeof termList = termList,
  devices = [device],
  repetition?: RepetitionPolicy,
): Promise<ProbeResult[]> {
  const run = await startRun(lab.context, lab.store, {
    kind: 'check',
    devices,
    termList: terms,
    ...(repetition ? { repetition } : {}),
  });
  await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
  return await lab.store.probesOfRun(run.runId);
}

describe('run checks on the lab', { timeout: 2 * RUN_TIMEOUT_MS }, () => {
  before(async () => {
    lab = await startEmbeddedLab([device, twin, reference], 50, {
      reportsDir: dir,
      database: join(dir, 'cw.db'),
    });
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // two runs side by side, on different queues: the phone on its own list, its twin on another
  describe('without the reference phone, two runs side by side', { concurrency: true }, () => {
    test('with the filter switched off remotely, the positive control is missed and no term is called clean', async () => {
      lab.lab.vendor.setList({ ...planted, switch: {} });
      const results = await runOnce();
      const positive = results.find((r) => r.role === 'positive-control')!;
      assert.equal(positive.verdict, 'intact', 'the planted positive control came through');
      const terms = results.filter((r) => r.role === 'term');
      assert.equal(terms.length, 1);
      for (const term of terms) {
        assert.equal(term.verdict, 'inconclusive', term.termId);
        assert.equal(term.reason, 'positive-control-missed', term.termId);
      }
    });

    test('when the truism is blocked, the harness is blind and every term is inconclusive', async () => {
      lab.lab.vendor.setList({
        ...planted,
        name: TWIN_LIST,
        switch: { [twin.firmware.version]: true },
        rules: [...planted.rules, { action: 'block', terms: ['weather forecast'] }],
      });
      // one attempt: a blind harness makes a term inconclusive however it was confirmed
      const results = await runOnce(termList, [twin], { required: 1, attempts: 1 });
      assert.equal(results.find((r) => r.role === 'truism')!.verdict, 'blocked');
      const terms = results.filter((r) => r.role === 'term');
      assert.equal(terms.length, 1);
      // the planted term, masked here, would be a finding if the harness could see
      for (const term of terms) assert.equal(term.reason, 'truism-failed', term.termId);
    });
  });

  test('a filtered control, a filter that gives out and a filtered reference are inconclusive, not findings', async () => {
    const chosen = all.terms.filter((t) =>
      ['free-tibet-en', 'democracy-movement-lt', 'free-tibet-zh-hans'].includes(t.id),
    );
    const freeTibet = chosen.find((t) => t.id === 'free-tibet-en')!;
    lab.lab.vendor.setList({
      ...planted,
      switch: { [device.firmware.version]: true },
      rules: [
        ...planted.rules,
        // the control of a planted term is filtered too
        { action: 'mask', terms: [freeTibet.control] },
        // fires on the first page load only: the repeat comes back intact
        { action: 'mask', terms: ['Demokratijos judėjimas'], limit: 1 },
        { action: 'mask', terms: ['西藏自由'] },
      ],
    });
    // the reference phone filters 西藏自由 as well
    lab.lab.vendor.setList({
      name: 'none',
      switch: { [reference.firmware.version]: true },
      rules: [{ action: 'mask', terms: ['西藏自由'] }],
    });
    const results = await runOnce({ ...termList, terms: chosen }, [device, reference]);
    const onDevice = (termId: string) =>
      results.find((r) => r.deviceId === device.id && r.role === 'term' && r.termId === termId)!;
    const seen = (r: ProbeResult) => `${r.termId}: ${r.verdict} ${r.reason} (${r.detail})`;

    const controlFailed = onDevice('free-tibet-en');
    assert.equal(controlFailed.verdict, 'inconclusive', seen(controlFailed));
    assert.equal(controlFailed.reason, 'control-failed', seen(controlFailed));

    const unstable = onDevice('democracy-movement-lt');
    assert.equal(unstable.verdict, 'inconclusive', seen(unstable));
    assert.equal(unstable.reason, 'unstable', seen(unstable));
    assert.deepEqual(
      unstable.attempts.map((a) => a.verdict),
      ['masked', 'intact'],
    );

    const notIntact = onDevice('free-tibet-zh-hans');
    assert.equal(notIntact.verdict, 'inconclusive', seen(notIntact));
    assert.equal(notIntact.reason, 'reference-not-intact', seen(notIntact));
    assert.equal(notIntact.reference?.deviceId, reference.id);
    assert.equal(notIntact.reference?.verdict, 'masked');
    const onReference = results.find(
      (r) => r.deviceId === reference.id && r.termId === 'free-tibet-zh-hans' && r.role === 'term',
    )!;
    assert.equal(onReference.verdict, 'masked', seen(onReference));
  });
});
