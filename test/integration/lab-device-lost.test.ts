// Integration (real Redis, Appium, Chromium): a lab phone's browser killed mid-batch. What the dead session left runs
// again in a new one, whose verdicts count; a batch whose last session dies too ends inconclusive, never a finding.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf, type DeviceProfile } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun, type StartedRun } from '../../queue/run-producer.ts';
import { SESSION_FAULTS } from '../../queue/resume-plan.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 4 * 60 * 1000;
/**
 * The browser is killed as soon as the run checks (truism, positive control) are recorded: the
 * terms, the planted ones among them, meet a lost phone.
 */
const KILL_AFTER_PROBES = 2;

/** Pids of processes whose command line holds the marker (read from /proc, no shell). */
function pidsWithArgument(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A batch's record of a session a new one replaced, as the device worker keeps it. */
interface RetryEvidence {
  session: number;
  endedAt: string;
  replaced: ProbeResult[];
}

const reportsDir = mkdtempSync(join(tmpdir(), 'cw-lost-'));
let lab: EmbeddedLab;
let device: DeviceProfile;
let reference: DeviceProfile;
/** The Xiaomi list's first terms, all planted in the Mi 10T's firmware: a short batch. */
const PLANTED = 1;

describe('a lab phone lost mid-batch', { timeout: 2 * RUN_TIMEOUT_MS + 60 * 1000 }, () => {
  before(async () => {
    const devices = loadDeviceProfiles('devices').map((d) => withTargetsOf(d, 'browser'));
    device = devices.find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!;
    // the Mi's reference: a term is a finding only beside a reference that shows it intact
    reference = devices.find((d) => d.id === device.reference)!;
    lab = await startEmbeddedLab([device, reference], 50, {
      reportsDir,
      database: join(reportsDir, 'cw.db'),
      // one new session: the first test's batch survives one death, the second's dies twice
      sessionRetries: 1,
    });
  });
  after(async () => {
    await lab?.stop();
    rmSync(reportsDir, { recursive: true, force: true });
  });

  /**
   * Starts a run of `terms` planted terms on the Mi 10T (and its reference, without which no term
   * is a finding), and waits for the Mi's first probes.
   */
  const startedRun = async (
    terms: number,
    withReference: boolean,
  ): Promise<{ run: StartedRun; marker: string }> => {
    const list = loadTermList('terms/xiaomi-2021.yaml');
    const run = await startRun(lab.context, lab.store, {
      kind: 'nightly',
      devices: withReference ? [device, reference] : [device],
      termList: { ...list, terms: list.terms.slice(0, terms) },
    });
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    const ofMi = async () =>
      (await lab.store.probesOfRun(run.runId)).filter((r) => r.deviceId === device.id).length;
    while ((await ofMi()) < KILL_AFTER_PROBES) {
      assert.ok(Date.now() < deadline, 'the batch never got going');
      await sleep(100);
    }
    return { run, marker: `--censorwatch-session=${device.id}.${run.runId}` };
  };
  /** SIGKILLs the session's browser processes; returns when they were killed. */
  const killBrowsers = (pids: number[]): string => {
    assert.ok(pids.length > 0, 'found the lab phone browser');
    const at = new Date().toISOString();
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return at;
  };
  /** The next session's browser: processes with the marker that were not killed before. */
  const nextBrowsers = async (marker: string, killed: number[]): Promise<number[]> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const pids = pidsWithArgument(marker).filter((pid) => !killed.includes(pid));
      if (pids.length > 0) return pids;
      assert.ok(Date.now() < deadline, 'no new session was started');
      await sleep(50);
    }
  };
  const retryEvidence = (runId: string): RetryEvidence[] => {
    const dir = join(reportsDir, 'evidence', runId);
    return readdirSync(dir)
      .filter((name) => /\.retry-\d+\.json$/.test(name))
      .sort()
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as RetryEvidence);
  };

  test('what the dead session left runs again in a new one: its findings count, the replaced records are kept', async () => {
    const { run, marker } = await startedRun(PLANTED, true);
    const first = pidsWithArgument(marker);
    const killedAt = killBrowsers(first);

    const compiled = await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    assert.equal(compiled.runId, run.runId, 'the run finished and its report was compiled');
    const all = await lab.store.probesOfRun(run.runId);
    assert.equal(all.length, run.plannedProbes, 'every planned probe is recorded once');
    assert.equal(new Set(all.map((r) => r.probeId)).size, all.length);
    const results = all.filter((r) => r.deviceId === device.id);

    const [retry, ...more] = retryEvidence(run.runId);
    assert.ok(retry, 'the dead session is kept as evidence');
    assert.equal(more.length, 0, 'one new session was enough');
    assert.equal(retry.session, 1);
    // what the dead session left after the kill is kept, undecided: never a finding
    const leftByDead = retry.replaced.filter((r) => r.startedAt > killedAt);
    assert.ok(leftByDead.length > 0, 'the records the new session replaced are kept');
    assert.deepEqual(leftByDead.filter(isFinding), []);
    assert.ok(
      leftByDead.some((r) => r.verdict === 'inconclusive' && SESSION_FAULTS.includes(r.reason!)),
      'the dead session left probes undecided',
    );
    // the new session ran them: the firmware's planted terms are found there, and only there
    const findings = results.filter(isFinding);
    assert.equal(findings.length, PLANTED, 'the planted terms are found');
    for (const finding of findings) {
      assert.ok(
        finding.startedAt < killedAt || finding.startedAt > retry.endedAt,
        `${finding.termId} was found by a live session`,
      );
    }
    assert.ok(
      findings.some((r) => r.startedAt > retry.endedAt),
      'the new session found what the dead one left',
    );
    const tibet = results.find((r) => r.termId === 'free-tibet-en' && r.role === 'term');
    assert.equal(tibet?.verdict, 'masked');
    assert.equal((await lab.store.run(run.runId))?.status, 'finished');
  });

  test('a batch whose last session dies too ends inconclusive, never a finding', async () => {
    // no reference: were the dead sessions' probes judged, they would end reference-not-intact
    const { run, marker } = await startedRun(3, false);
    const first = pidsWithArgument(marker);
    const killedAt = killBrowsers(first);
    // the new session's browser is killed as soon as it is there: no session is left after it
    killBrowsers(await nextBrowsers(marker, first));

    const compiled = await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    assert.equal(compiled.runId, run.runId, 'the run finished and its report was compiled');
    const all = await lab.store.probesOfRun(run.runId);
    assert.equal(all.length, run.plannedProbes, 'every planned probe is recorded once');
    const results = all.filter((r) => r.deviceId === device.id);
    const afterKill = results.filter((r) => r.startedAt > killedAt);
    assert.ok(
      afterKill.length >= results.length - KILL_AFTER_PROBES - 2,
      'most probes ended after the kill',
    );
    assert.deepEqual(
      afterKill.filter(isFinding).map((r) => `${r.termId}: ${r.verdict}`),
      [],
    );
    for (const result of afterKill) {
      assert.equal(result.verdict, 'inconclusive', result.termId);
      assert.ok(
        ['device-lost', 'session-error', 'control-failed', 'timeout'].includes(result.reason ?? ''),
        `${result.termId}: ${result.reason}`,
      );
    }
    assert.equal(retryEvidence(run.runId).length, 1, 'one new session, as configured');
    assert.equal((await lab.store.run(run.runId))?.status, 'finished');
  });
});
