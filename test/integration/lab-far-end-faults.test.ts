// Integration (real Redis, Appium, Chromium, canary): faults of the far end become the right inconclusive reason, never a finding.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import type { CanaryCondition } from '../../src/canary/canary-server.ts';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf, type DeviceProfile } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import type { RepetitionPolicy } from '../../src/oracle/confirm-finding.ts';
import type { InconclusiveReason } from '../../src/oracle/verdict.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun, type StartedRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
const POLL_MS = 100;
const dir = mkdtempSync(join(tmpdir(), 'cw-far-end-'));
// the switched-on firmware: its planted term would be a finding if the harness could see it
const mi = withTargetsOf(
  loadDeviceProfiles('devices').find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!,
  'browser',
);
/** The phone with its pages given up on after `openTimeoutMs` (15 s by default). */
const withOpenTimeout = (openTimeoutMs: number): DeviceProfile => ({
  ...mi,
  reference: undefined,
  targets: mi.targets.map((target) => ({ ...target, openTimeoutMs })),
});
/** A page that loads is given this long. */
const OPEN_TIMEOUT_MS = 4000;
/** A stalled page never loads, so any deadline ends it: the shortest a profile may set. */
const STALLED_OPEN_TIMEOUT_MS = 1000;
const device = withOpenTimeout(OPEN_TIMEOUT_MS);
/** The same phone under another id (a farm serves each id its own profile), for the stalled page. */
const impatient = { ...withOpenTimeout(STALLED_OPEN_TIMEOUT_MS), id: `${mi.id}-impatient` };
const all = loadTermList('terms/xiaomi-2021.yaml');
const termList = { ...all, terms: all.terms.filter((t) => t.id === 'free-tibet-en') };
/** One attempt per term: confirmation by repetition is proved in lab-run-checks (unstable) and lab-run. */
const ONE_ATTEMPT: RepetitionPolicy = { required: 1, attempts: 1 };
let lab: EmbeddedLab;
/** Report compiles of the runs, awaited before the lab stops: the next condition need not wait for them. */
const compiles: Promise<unknown>[] = [];

/** The run's probes once every planned one is recorded (its report may still be compiling). */
async function recordedProbes(run: StartedRun): Promise<ProbeResult[]> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const results = await lab.store.probesOfRun(run.runId);
    if (results.length >= run.plannedProbes) return results;
    assert.ok(Date.now() < deadline, `${results.length} of ${run.plannedProbes} probes recorded`);
    await delay(POLL_MS);
  }
}

/** One run while the canary is in `condition`, which holds until all its probes are recorded. */
async function runWhile(
  condition: CanaryCondition,
  onDevice: DeviceProfile = device,
): Promise<ProbeResult[]> {
  lab.lab.canary.setCondition(condition);
  try {
    const run = await startRun(lab.context, lab.store, {
      kind: 'check',
      devices: [onDevice],
      termList,
      repetition: ONE_ATTEMPT,
    });
    const compiled = waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    compiled.catch(() => undefined); // failed in after(), not as an unhandled rejection
    compiles.push(compiled);
    return await recordedProbes(run);
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
    lab = await startEmbeddedLab([device, impatient], 50, {
      reportsDir: dir,
      database: join(dir, 'cw.db'),
    });
  });
  after(async () => {
    try {
      // every run ended and its report was compiled
      await Promise.all(compiles);
    } finally {
      await lab?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
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
    const results = await runWhile('stalled', impatient);
    assertAllInconclusive(results, 'timeout');
    assert.match(
      results[0]!.detail ?? '',
      new RegExp(`did not load within ${STALLED_OPEN_TIMEOUT_MS} ms`),
    );
  });

  test('with the far end back to normal the same run finds the planted term', async () => {
    const results = await runWhile('normal');
    const term = results.find((r) => r.role === 'term')!;
    assert.equal(term.verdict, 'masked', `${term.reason} ${term.detail}`);
  });
});
