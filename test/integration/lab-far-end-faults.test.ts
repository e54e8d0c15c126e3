// Integration (real Redis, Appium, Chromium, canary): faults of the far end become the right inconclusive reason, never a finding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CanaryCondition } from '../../src/canary/canary-server.ts';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import type { InconclusiveReason } from '../../src/oracle/verdict.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cw-far-end-'));
// the switched-on firmware: its planted term would be a finding if the harness could see it
const mi = withTargetsOf(
  loadDeviceProfiles('devices').find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!,
  'browser',
);
/** A stalled page is given up on after this long (the profile's `openTimeoutMs`; 15 s by default). */
const OPEN_TIMEOUT_MS = 4000;
const device = {
  ...mi,
  reference: undefined,
  targets: mi.targets.map((target) => ({ ...target, openTimeoutMs: OPEN_TIMEOUT_MS })),
};
const all = loadTermList('terms/xiaomi-2021.yaml');
const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
let lab: EmbeddedLab;

async function runWhile(condition: CanaryCondition): Promise<ProbeResult[]> {
  lab.lab.canary.setCondition(condition);
  try {
    const run = await startRun(lab.context, lab.store, {
      kind: 'check',
      devices: [device],
      termList,
    });
    await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    return await lab.store.probesOfRun(run.runId);
  } finally {
    lab.lab.canary.setCondition('normal');
  }
}

/** Every probe of the run (truism, positive control, control, term) is inconclusive for `reason`. */
function assertAllInconclusive(results: ProbeResult[], reason: InconclusiveReason): void {
  assert.deepEqual(results.map((r) => r.role).sort(), [
    'control',
    'positive-control',
    'term',
    'truism',
  ]);
  for (const result of results) {
    const seen = `${result.role}: ${result.verdict} ${result.reason} (${result.detail})`;
    assert.equal(result.verdict, 'inconclusive', seen);
    assert.equal(result.reason, reason, seen);
  }
}

describe('faults of the far end on the lab', { timeout: 4 * RUN_TIMEOUT_MS }, () => {
  before(async () => {
    lab = await startEmbeddedLab([device], 50, {
      reportsDir: dir,
      database: join(dir, 'cw.db'),
    });
  });
  after(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a canary the phone cannot reach makes every probe inconclusive(canary-unreachable)', async () => {
    const results = await runWhile('unreachable');
    assertAllInconclusive(results, 'canary-unreachable');
    assert.match(results[0]!.detail ?? '', /could not load the canary page/);
  });

  test('a search page whose markup changed makes every probe inconclusive(selector-missing)', async () => {
    const results = await runWhile('redesigned');
    assertAllInconclusive(results, 'selector-missing');
    assert.match(results[0]!.detail ?? '', /loaded but has no #cw-q/);
  });

  test('a page that never loads makes every probe inconclusive(timeout)', async () => {
    const results = await runWhile('stalled');
    assertAllInconclusive(results, 'timeout');
    assert.match(results[0]!.detail ?? '', new RegExp(`did not load within ${OPEN_TIMEOUT_MS} ms`));
  });

  test('with the far end back to normal the same run finds the planted term', async () => {
    const results = await runWhile('normal');
    const term = results.find((r) => r.role === 'term')!;
    assert.equal(term.verdict, 'masked', `${term.reason} ${term.detail}`);
  });
});
