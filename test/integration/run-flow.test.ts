// Integration (real Redis, Java/Allure): the run flow's queue behaviour without a browser.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { withTargetsOf } from '../../src/devices/device-profile.ts';
import { loadDeviceProfiles } from '../../src/devices/load-device-profiles.ts';
import type { DeviceProfile } from '../../src/devices/device-profile.ts';
import { RedisService } from '../../src/services/redis-service.ts';
import { ResultStore } from '../../src/store/result-store.ts';
import { loadTermList } from '../../src/terms/load-term-list.ts';
import { Farm } from '../../queue/farm.ts';
import type { ProbeBatchJobData } from '../../queue/job-data.ts';
import { RunStarter } from '../../queue/run-starter.ts';
import { raiseStarvedBatches } from '../../queue/starvation.ts';
import { applySchedules, listSchedules } from '../../queue/schedules.ts';
import { formatSchedules } from '../../src/cli/commands/schedule.ts';
import { purgePrefix } from '../../queue/purge-prefix.ts';
import {
  connectionOf,
  deviceQueueName,
  RUN_QUEUE,
  type QueueContext,
} from '../../queue/queue-context.ts';
import { startRun } from '../../queue/run-producer.ts';
import { waitForRun } from '../../queue/wait-for-run.ts';

const redis = new RedisService();
const dir = mkdtempSync(join(tmpdir(), 'cw-flow-'));
const all = loadTermList('terms/xiaomi-2021.yaml');
const termList = { ...all, terms: all.terms.slice(0, 3) };
const contexts: QueueContext[] = [];

async function newContext(): Promise<QueueContext> {
  const context = {
    redisUrl: await redis.start(),
    prefix: `cw-test-${randomBytes(4).toString('hex')}`,
  };
  contexts.push(context);
  return context;
}

/** A real phone whose Appium server is not there: what a farm sees when a host is down. */
function unreachablePhone(): DeviceProfile {
  const lab = loadDeviceProfiles('devices')
    .map((d) => withTargetsOf(d, 'browser'))
    .find((d) => d.id === 'lab-pixel5')!;
  const { lab: _lab, ...rest } = lab;
  return {
    ...rest,
    id: 'phone-offline',
    appium: {
      url: 'http://127.0.0.1:9',
      capabilities: { platformName: 'Android', 'appium:automationName': 'UiAutomator2' },
    },
    targets: [
      { app: 'android-chrome', kind: 'browser', inputPath: 'set-text', truism: 'weather forecast' },
    ],
    extensionDir: null,
  };
}

describe('the run flow', { timeout: 5 * 60 * 1000 }, () => {
  // once, before tests side by side ask for it
  before(() => redis.start());
  after(async () => {
    for (const context of contexts) await purgePrefix(context);
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // each on its own queues, farm, store and reports: the launcher of one overlaps the report of the other
  describe('batches that cannot run', { concurrency: true }, () => {
    test('a phone that cannot be reached gives inconclusive probes and the report is still compiled', async () => {
      const context = await newContext();
      const database = join(dir, 'offline.db');
      const store = await ResultStore.open(database);
      const device = unreachablePhone();
      const farm = await Farm.start({
        context,
        devices: [device],
        labAppiumUrl: undefined,
        canaryUrl: 'http://127.0.0.1:9',
        vendorUrl: undefined,
        reportsDir: mkdtempSync(join(dir, 'offline-')),
        database,
        batchSize: 50,
        store,
      });
      try {
        const run = await startRun(context, store, { kind: 'check', devices: [device], termList });
        const compiled = await waitForRun(context, run.parentJobId, 4 * 60 * 1000);
        const results = await store.probesOfRun(run.runId);
        assert.equal(results.length, run.plannedProbes);
        assert.ok(
          results.every((r) => r.verdict === 'inconclusive'),
          'no verdict without a session',
        );
        assert.ok(
          results.every((r) => r.reason === 'session-error'),
          results.map((r) => r.reason).join(),
        );
        assert.equal(compiled.reports.length, 1);
        assert.equal((await store.run(run.runId))?.status, 'finished');
      } finally {
        await farm.close();
        await store.close();
      }
    });

    test('a batch its farm cannot set up fails unretried, does not stop the report, and its probes become inconclusive(config-error)', async () => {
      const context = await newContext();
      const database = join(dir, 'failed.db');
      const store = await ResultStore.open(database);
      // A lab phone on a farm without a lab Appium: the batch job throws before any session.
      const device = loadDeviceProfiles('devices')
        .map((d) => withTargetsOf(d, 'browser'))
        .find((d) => d.id === 'lab-pixel5')!;
      const farm = await Farm.start({
        context,
        devices: [device],
        labAppiumUrl: undefined,
        canaryUrl: 'http://127.0.0.1:9',
        vendorUrl: undefined,
        reportsDir: mkdtempSync(join(dir, 'failed-')),
        database,
        batchSize: 2,
        store,
      });
      try {
        const run = await startRun(context, store, {
          kind: 'nightly',
          devices: [device],
          termList,
          batchSize: 2,
        });
        assert.equal(run.batches, 2);
        const compiled = await waitForRun(context, run.parentJobId, 2 * 60 * 1000);
        assert.equal(compiled.failedBatches, 2);
        const results = await store.probesOfRun(run.runId);
        assert.equal(results.length, run.plannedProbes);
        assert.ok(
          results.every(
            (r) =>
              r.verdict === 'inconclusive' &&
              r.reason === 'config-error' &&
              /no lab Appium is running/.test(r.detail ?? ''),
          ),
        );
      } finally {
        await farm.close();
        await store.close();
      }
    });
  });

  test('a targeted check jumps ahead of nightly batches waiting for the same phone', async () => {
    const context = await newContext();
    const store = await ResultStore.open(join(dir, 'priority.db'));
    const device = loadDeviceProfiles('devices')
      .map((d) => withTargetsOf(d, 'browser'))
      .find((d) => d.id === 'lab-pixel5')!;
    try {
      const nightly = await startRun(context, store, {
        kind: 'nightly',
        devices: [device],
        termList,
        batchSize: 1,
      });
      const check = await startRun(context, store, {
        kind: 'check',
        devices: [device],
        termList,
        batchSize: 1,
      });
      const order: string[] = [];
      const worker = new Worker<ProbeBatchJobData>(
        deviceQueueName(device.id),
        async (job) => {
          order.push(job.data.runId);
        },
        { connection: connectionOf(context), prefix: context.prefix, concurrency: 1 },
      );
      while (order.length < nightly.batches + check.batches)
        await new Promise((r) => setTimeout(r, 50));
      await worker.close();
      assert.deepEqual(order.slice(0, check.batches), Array(check.batches).fill(check.runId));
    } finally {
      await store.close();
    }
  });

  test('scheduled work kept waiting too long by checks is raised: it runs after the checks already queued, before later ones', async () => {
    const context = await newContext();
    const store = await ResultStore.open(join(dir, 'starvation.db'));
    const device = loadDeviceProfiles('devices')
      .map((d) => withTargetsOf(d, 'browser'))
      .find((d) => d.id === 'lab-pixel5')!;
    const queue = new Queue(deviceQueueName(device.id), {
      connection: connectionOf(context),
      prefix: context.prefix,
    });
    const one = { ...termList, terms: termList.terms.slice(0, 2) };
    try {
      const nightly = await startRun(context, store, {
        kind: 'nightly',
        devices: [device],
        termList: one,
        batchSize: 1,
      });
      const early = await startRun(context, store, {
        kind: 'check',
        devices: [device],
        termList: one,
        batchSize: 1,
      });
      let late: Awaited<ReturnType<typeof startRun>> | undefined;
      const order: string[] = [];
      const worker = new Worker<ProbeBatchJobData>(
        deviceQueueName(device.id),
        async (job) => {
          order.push(job.data.runId);
          // a new check arrives while the phone works on the second batch
          if (order.length === 2) {
            late = await startRun(context, store, {
              kind: 'check',
              devices: [device],
              termList: one,
              batchSize: 1,
            });
          }
          // what the device worker does after every batch; 0 ms: every scheduled batch has waited too long
          await raiseStarvedBatches(queue, 0);
        },
        { connection: connectionOf(context), prefix: context.prefix, concurrency: 1 },
      );
      const total = nightly.batches + 2 * early.batches;
      while (order.length < total) await new Promise((r) => setTimeout(r, 50));
      await worker.close();
      const runs = order.map((runId) =>
        runId === nightly.runId ? 'nightly' : runId === early.runId ? 'early check' : 'late check',
      );
      assert.ok(late);
      assert.deepEqual(runs, [
        ...Array(early.batches).fill('early check'),
        ...Array(nightly.batches).fill('nightly'),
        ...Array(late.batches).fill('late check'),
      ]);
    } finally {
      await queue.close();
      await store.close();
    }
  });

  test('schedules round-trip: apply adds, changes and removes exactly; list shows next fire times in their time zones', async () => {
    const context = await newContext();
    const nightly = {
      cron: '30 2 * * *',
      timeZone: 'Asia/Tokyo',
      termList: 'terms/xiaomi-2021.yaml',
      devices: 'all' as const,
    };
    const weekly = {
      cron: '0 3 * * 0',
      timeZone: 'Europe/Vilnius',
      termList: 'terms/xiaomi-2021.yaml',
      devices: { manufacturer: 'Xiaomi' },
      targets: ['lab-messenger'],
    };
    const first = await applySchedules(context, { nightly, weekly });
    assert.deepEqual([first.added, first.changed, first.removed], [['nightly', 'weekly'], [], []]);
    const again = await applySchedules(context, { nightly, weekly });
    assert.deepEqual(again.unchanged, ['nightly', 'weekly'], 'applying twice changes nothing');
    const edited = await applySchedules(context, { nightly: { ...nightly, cron: '45 2 * * *' } });
    assert.deepEqual([edited.changed, edited.removed], [['nightly'], ['weekly']]);

    const listed = await listSchedules(context);
    assert.deepEqual(
      listed.map((s) => [s.name, s.cron, s.timeZone]),
      [['nightly', '45 2 * * *', 'Asia/Tokyo']],
    );
    const tokyo = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Tokyo',
      hour: '2-digit',
      minute: '2-digit',
    });
    assert.equal(tokyo.format(listed[0]!.next!), '02:45');
    assert.ok(listed[0]!.next!.getTime() - Date.now() <= 24 * 60 * 60 * 1000);
    assert.deepEqual(listed[0]!.data?.devices, 'all');
    assert.match(
      formatSchedules(listed),
      /^schedule +cron +time zone +next +phones\nnightly +45 2 \* \* \* +Asia\/Tokyo/,
    );
    const queue = new Queue(RUN_QUEUE, {
      connection: connectionOf(context),
      prefix: context.prefix,
    });
    try {
      assert.equal((await queue.getJobSchedulers()).length, 1, 'nothing else left on the queue');
    } finally {
      await queue.close();
    }
  });

  test('a start-run job added by hand is checked: a file no schedule names, or a bad field, fails it for good and starts nothing', async () => {
    const context = await newContext();
    const store = await ResultStore.open(join(dir, 'refused-start.db'));
    const starter = new RunStarter(context, store, loadDeviceProfiles('devices'), {
      batchSize: 50,
      repetition: { required: 2, attempts: 2 },
      progress: null,
      termListFiles: ['terms/xiaomi-2021.yaml'],
    });
    const queue = new Queue(RUN_QUEUE, {
      connection: connectionOf(context),
      prefix: context.prefix,
    });
    try {
      await starter.waitUntilReady();
      const bad = {
        '/etc/passwd': { kind: 'nightly', termListFile: '/etc/passwd', devices: 'all' },
        '../../terms/xiaomi-2021.yaml': {
          kind: 'nightly',
          termListFile: '../../terms/xiaomi-2021.yaml',
          devices: 'all',
        },
        kind: { kind: 'rm -rf', termListFile: 'terms/xiaomi-2021.yaml', devices: 'all' },
        targets: {
          kind: 'nightly',
          termListFile: 'terms/xiaomi-2021.yaml',
          devices: 'all',
          targets: ['../x'],
        },
      };
      const jobs = await Promise.all(
        Object.entries(bad).map(([name, data]) => queue.add(name, data, { attempts: 3 })),
      );
      const deadline = Date.now() + 20_000;
      let failed = await queue.getFailed();
      while (failed.length < jobs.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        failed = await queue.getFailed();
      }
      const reasons = Object.fromEntries(failed.map((job) => [job.name, job.failedReason]));
      assert.match(
        reasons['/etc/passwd']!,
        /^job data field `termListFile`: "\/etc\/passwd" is not the term list of a schedule in this host's config$/,
      );
      assert.match(reasons['../../terms/xiaomi-2021.yaml']!, /field `termListFile`/);
      assert.match(reasons['kind']!, /^job data field `kind`: /);
      assert.match(reasons['targets']!, /^job data field `targets.0`: /);
      // refused at once: UnrecoverableError, not tried again
      assert.ok(
        failed.every((job) => job.attemptsMade === 1),
        'no retry',
      );
      assert.equal(await store.latestRun(), undefined, 'no run was recorded');
    } finally {
      await queue.close();
      await starter.close();
      await store.close();
    }
  });

  test('a schedule with a near cron fires and starts a run on the phones it selects', async () => {
    const context = await newContext();
    const store = await ResultStore.open(join(dir, 'scheduled.db'));
    const devices = loadDeviceProfiles('devices').map((d) => withTargetsOf(d, 'browser'));
    const progress: string[] = [];
    const starter = new RunStarter(context, store, devices, {
      batchSize: 50,
      repetition: { required: 2, attempts: 2 },
      progress: { write: (text: string) => progress.push(text) },
      termListFiles: ['terms/xiaomi-2021.yaml'],
    });
    try {
      await starter.waitUntilReady();
      const at = new Date(Date.now() + 3000);
      const cron = `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
      await applySchedules(context, {
        'near-nightly': {
          cron,
          timeZone: 'UTC',
          termList: 'terms/xiaomi-2021.yaml',
          devices: ['lab-mi10t-eu-v12-5-4'],
          repetition: { required: 1, attempts: 1 },
        },
      });
      const deadline = Date.now() + 20_000;
      let run = await store.latestRun();
      while (!run && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        run = await store.latestRun();
      }
      assert.ok(run, 'the schedule fired and a run was recorded');
      assert.equal(run.kind, 'nightly');
      assert.ok(run.plannedProbes > 0);
      // the phone it names and that phone's reference, each with a batch waiting on its queue
      for (const id of ['lab-mi10t-eu-v12-5-4', 'lab-pixel5']) {
        const queue = new Queue(deviceQueueName(id), {
          connection: connectionOf(context),
          prefix: context.prefix,
        });
        try {
          // the run is recorded (with its plan) before its flow is added: wait for the batch to be queued
          let waiting = await queue.getJobs(['prioritized', 'waiting']);
          while (waiting.length === 0 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            waiting = await queue.getJobs(['prioritized', 'waiting']);
          }
          assert.equal(waiting.length, 1, id);
        } finally {
          await queue.close();
        }
      }
      // the host that started it follows it in its log
      while (progress.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.match(
        progress[0] ?? '',
        new RegExp(`^run ${run.runId}: progress 0/${run.plannedProbes} probes \\(0%\\)`),
      );
    } finally {
      await starter.close();
      await store.close();
    }
  });
});
