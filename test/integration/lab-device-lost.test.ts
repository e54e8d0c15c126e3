// Integration (real Redis, Appium, Chromium): a lab phone's browser killed mid-batch gives inconclusive, never a finding.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startEmbeddedLab, type EmbeddedLab } from '../../src/cli/embedded-lab.ts';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const RUN_TIMEOUT_MS = 8 * 60 * 1000;
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

const reportsDir = mkdtempSync(join(tmpdir(), 'cw-lost-'));
let lab: EmbeddedLab | undefined;

describe('a lab phone lost mid-batch', { timeout: RUN_TIMEOUT_MS + 60 * 1000 }, () => {
  after(async () => {
    await lab?.stop();
    rmSync(reportsDir, { recursive: true, force: true });
  });

  test('yields inconclusive verdicts and a finished run, never a finding', async () => {
    const device = loadDeviceProfiles('devices')
      .map((d) => withTargetsOf(d, 'browser'))
      .find((d) => d.id === 'lab-mi10t-eu-v12-5-4')!;
    const termList = loadTermList('terms/xiaomi-2021.yaml');
    lab = await startEmbeddedLab([device], 50, {
      reportsDir,
      database: join(reportsDir, 'cw.db'),
    });
    const run = await startRun(lab.context, lab.store, {
      kind: 'nightly',
      devices: [device],
      termList,
    });

    const marker = `--censorwatch-session=${device.id}.${run.runId}`;
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    while ((await lab.store.probesOfRun(run.runId)).length < KILL_AFTER_PROBES) {
      assert.ok(Date.now() < deadline, 'the batch never got going');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const browsers = pidsWithArgument(marker);
    assert.ok(browsers.length > 0, 'found the lab phone browser');
    const killedAt = new Date().toISOString();
    for (const pid of browsers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }

    const compiled = await waitForRun(lab.context, run.parentJobId, RUN_TIMEOUT_MS);
    assert.equal(compiled.runId, run.runId, 'the run finished and its report was compiled');
    const results = await lab.store.probesOfRun(run.runId);
    assert.equal(results.length, run.plannedProbes, 'every planned probe has a verdict');
    // Probes that started after the kill cannot have seen the firmware: none may be a finding.
    const afterKill = results.filter((r) => r.startedAt > killedAt);
    assert.ok(
      afterKill.length >= run.plannedProbes - KILL_AFTER_PROBES - 2,
      'most probes ended after the kill',
    );
    const findingsAfterKill = afterKill.filter(isFinding);
    assert.deepEqual(
      findingsAfterKill.map((r) => `${r.termId}: ${r.verdict}`),
      [],
    );
    const inconclusive = afterKill.filter((r) => r.verdict === 'inconclusive');
    assert.ok(
      inconclusive.length >= afterKill.length - 1,
      'probes after the kill are inconclusive',
    );
    for (const result of inconclusive) {
      assert.ok(
        ['device-lost', 'session-error', 'control-failed', 'timeout'].includes(result.reason ?? ''),
        `${result.termId}: ${result.reason}`,
      );
    }
    assert.equal((await lab.store.run(run.runId))?.status, 'finished');
  });
});
