// Integration (real Redis, Appium, Chromium, lab firmware, SQLite): a device worker SIGKILLed mid-batch, with the
// WebdriverIO run it started, and its successor killed under the same batch. BullMQ gives the batch to the next worker
// each time its lock lapses; what the dead ones recorded stands, nothing is lost or recorded twice, and no fault becomes
// a finding.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { killTree } from '../support/kill-tree.ts';
import { startReadyProcess } from '../support/ready-process.ts';
import { Queue } from 'bullmq';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import { LabStack, type LabUrls } from '../../src/lab/lab-stack.ts';
import { isFinding } from '../../src/oracle/finding.ts';
import type { ProbeResult } from '../../src/store/probe-result.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { benignTerms } from '../../bench/bench-batch.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import { connectionOf, deviceQueueName, type QueueContext } from '../../queue/queue-context.ts';
import { ReportWorker } from '../../queue/report-worker.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const LOCK_MS = 2000;
const PHONE = 'lab-pixel5';
const dir = mkdtempSync(join(tmpdir(), 'cw-worker-killed-'));

describe('a device worker killed mid-batch', { timeout: 4 * 60 * 1000 }, () => {
  const lab = new LabStack({ privateRedis: false });
  let urls: LabUrls;
  let context: QueueContext;
  let store: ResultStore;
  let reports: ReportWorker;
  const workers: ChildProcess[] = [];
  const database = join(dir, 'cw.db');
  const device = withTargetsOf(
    loadDeviceProfiles('devices').find((d) => d.id === PHONE)!,
    'browser',
  );

  before(async () => {
    urls = await lab.start();
    context = { redisUrl: urls.redisUrl, prefix: `cw-test-${randomBytes(4).toString('hex')}` };
    store = await ResultStore.open(database);
    reports = new ReportWorker({ context, devices: [device], reportsDir: dir, database });
    await reports.waitUntilReady();
  });
  after(async () => {
    for (const worker of workers) killTree(worker.pid!);
    await reports?.close();
    if (context) await purgePrefix(context).catch(() => 0);
    await store?.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const startWorker = async (): Promise<ChildProcess> => {
    const options = {
      context,
      deviceId: PHONE,
      labAppiumUrl: urls.appiumUrl,
      canaryUrl: urls.canaryUrl,
      vendorUrl: urls.vendorUrl,
      reportsDir: dir,
      database,
      lockMs: LOCK_MS,
    };
    const { child } = await startReadyProcess(
      process.execPath,
      ['--import', 'tsx', 'test/support/device-worker-process.ts', JSON.stringify(options)],
      {
        env: { ...process.env, LOG_LEVEL: 'warn' },
        ready: 'ready',
        started: (started) => workers.push(started),
      },
    );
    return child;
  };

  test('its batch is taken again after the lock lapses, twice; what it recorded stands; nothing is lost, doubled or found', async () => {
    // enough term pairs that one recorded before each kill leaves some to run after the second
    const termList = {
      ...loadTermList('terms/xiaomi-2021.yaml'),
      terms: benignTerms(5, 'killed'),
    };
    let host = await startWorker();
    const run = await startRun(context, store, {
      kind: 'check',
      devices: [device],
      termList,
      repetition: { required: 1, attempts: 1 },
      startedBy: 'test',
    });
    const planned = await store.plannedProbes(run.runId);
    // a pair is recorded control first, then its term: a term recorded is a pair recorded whole
    const pairs = async () =>
      (await store.probesOfRun(run.runId)).filter((r) => r.role === 'term').length;
    // the host dies twice under the one batch, each time once one more term pair is recorded
    const snapshots: Map<string, ProbeResult>[] = [];
    for (const kill of [1, 2]) {
      const target = (await pairs()) + 1;
      for (let i = 0; i < 900 && (await pairs()) < target; i++) {
        await new Promise((done) => setTimeout(done, 100));
      }
      const seen = await store.probesOfRun(run.runId);
      assert.ok(
        seen.length < planned.length,
        `kill ${kill}: the batch was still running (${seen.length}/${planned.length})`,
      );
      killTree(host.pid!);
      // what stands is read after the kill: a write in flight when it died may have landed
      snapshots.push(new Map((await store.probesOfRun(run.runId)).map((r) => [r.probeId, r])));
      host = await startWorker();
    }
    const compiled = await waitForRun(context, run.parentJobId, 3 * 60 * 1000);
    const results = await store.probesOfRun(run.runId);
    assert.equal(results.length, planned.length, 'nothing lost');
    assert.equal(new Set(results.map((r) => r.probeId)).size, results.length, 'nothing twice');
    assert.deepEqual(
      results.filter(isFinding),
      [],
      'the reference firmware filters nothing: no finding',
    );
    // BullMQ's default (one stall) would fail the batch at the second death, its rest inconclusive
    assert.deepEqual(
      results.filter((r) => r.detail?.includes('stalled')),
      [],
      'no probe given up for the stalls',
    );
    // the pairs recorded whole before a kill were not run again
    const pairOf = (id: string) => {
      const p = planned.find((x) => x.probeId === id)!;
      return `${p.controlOf ?? p.term.id}>${p.direction ?? ''}`;
    };
    const wholeIn = (recorded: Map<string, ProbeResult>) =>
      [...recorded.values()].filter(
        (r) =>
          (r.role === 'term' || r.role === 'control') &&
          planned
            .filter(
              (p) =>
                (p.role === 'term' || p.role === 'control') &&
                pairOf(p.probeId) === pairOf(r.probeId),
            )
            .every((p) => recorded.has(p.probeId)),
      );
    const [first, second] = snapshots.map(wholeIn);
    assert.ok(first!.length >= 2, `${first!.length} probes recorded whole before the first kill`);
    assert.ok(
      second!.length >= first!.length + 2,
      `${second!.length} probes recorded whole before the second kill`,
    );
    for (const earlier of [...first!, ...second!]) {
      const now = results.find((r) => r.probeId === earlier.probeId)!;
      assert.equal(now.startedAt, earlier.startedAt, `${earlier.probeId} was not run again`);
    }
    const queue = new Queue(deviceQueueName(PHONE), {
      connection: connectionOf(context),
      prefix: context.prefix,
    });
    const [batch] = await queue.getJobs(['completed', 'failed']);
    await queue.close();
    assert.equal(batch!.stalledCounter, 2, 'taken again after each of its workers died');
    assert.ok(compiled.reports.length > 0, 'the report was compiled');
    process.stdout.write(
      `# worker killed twice: ${snapshots[1]!.size}/${planned.length} probes recorded before the second kill, ${second!.length} kept, ${results.filter((r) => r.verdict === 'inconclusive').length} inconclusive\n`,
    );
  });
});
