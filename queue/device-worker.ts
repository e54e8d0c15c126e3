// The worker of one device's queue: runs each probe batch through the WDIO Launcher, one at a time.
import {
  messengerSettingsFor,
  type LabMessengerEndpoints,
  type LabMessengerSettings,
} from '../src/lab/lab-messenger-service.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, Worker, type Job } from 'bullmq';
import { PROJECT_ROOT } from '../src/config/settings.ts';
import { firmwareKeyOf } from '../src/devices/device-profile.ts';
import { labCapabilities } from '../src/devices/lab-capabilities.ts';
import { prepareFirmwareExtension } from '../src/lab/firmware-extension.ts';
import { logger } from '../src/log/logger.ts';
import { planProbes } from '../src/probe/plan-probes.ts';
import { writeProbeBatch, type ProbeBatch } from '../src/probe/probe-batch.ts';
import { firmwareSlug } from '../src/report/firmware-slug.ts';
import { freePort } from '../src/services/free-port.ts';
import { OwnedProcess } from '../src/services/owned-process.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { fillMissingProbes } from './fill-missing-probes.ts';
import { raiseStarvedBatches } from './starvation.ts';
import type { ProbeBatchJobData, ProbeBatchJobResult } from './job-data.ts';
import { connectionOf, deviceQueueName, type QueueContext } from './queue-context.ts';

const log = logger('device-worker');

/** A batch gets this long per probe before its WDIO run is stopped (probes then count as timeouts). */
const BATCH_MS_PER_PROBE = 45 * 1000;
const BATCH_BASE_MS = 2 * 60 * 1000;
const OUTPUT_TAIL_LINES = 20;

export interface DeviceWorkerOptions {
  context: QueueContext;
  deviceId: string;
  /** Appium server for devices whose profile says `appium.url: lab`. */
  labAppiumUrl: string | undefined;
  /** Canary the browser probes submit to. */
  canaryUrl: string;
  /** Lab vendor config server (lab firmware fetches its list there). */
  vendorUrl: string | undefined;
  /** The lab messenger, when lab phones have messenger targets. */
  messenger?: LabMessengerEndpoints | undefined;
  reportsDir: string;
  database: string;
}

export class DeviceWorker {
  readonly #options: DeviceWorkerOptions;
  readonly #worker: Worker<ProbeBatchJobData, ProbeBatchJobResult>;
  readonly #launchers = new Set<OwnedProcess>();
  /** The phone's own queue, for raising scheduled batches that waited too long. */
  readonly #queue: Queue;

  private constructor(options: DeviceWorkerOptions) {
    this.#options = options;
    this.#queue = new Queue(deviceQueueName(options.deviceId), {
      connection: connectionOf(options.context),
      prefix: options.context.prefix,
    });
    this.#worker = new Worker<ProbeBatchJobData, ProbeBatchJobResult>(
      deviceQueueName(options.deviceId),
      // before the phone takes its next batch, scheduled work kept waiting too long by checks goes first
      (job) =>
        this.#process(job).finally(() =>
          raiseStarvedBatches(this.#queue).catch((error: unknown) =>
            log.warn({ deviceId: options.deviceId, err: error }, 'raising waiting batches failed'),
          ),
        ),
      {
        connection: connectionOf(options.context),
        prefix: options.context.prefix,
        concurrency: 1,
        // A batch holds the phone for minutes; keep the lock alive meanwhile.
        lockDuration: 60 * 1000,
      },
    );
    this.#worker.on('failed', (job, error) =>
      log.error({ deviceId: options.deviceId, jobId: job?.id, err: error }, 'probe batch failed'),
    );
  }

  /** Starts a worker and sets the device queue's global concurrency to 1 (one phone, one job). */
  static async start(options: DeviceWorkerOptions): Promise<DeviceWorker> {
    const queue = new Queue(deviceQueueName(options.deviceId), {
      connection: connectionOf(options.context),
      prefix: options.context.prefix,
    });
    await queue.setGlobalConcurrency(1);
    await queue.close();
    const worker = new DeviceWorker(options);
    await worker.#worker.waitUntilReady();
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#launchers].map((launcher) => launcher.stop()));
    await this.#worker.close();
    await this.#queue.close();
  }

  async #process(job: Job<ProbeBatchJobData, ProbeBatchJobResult>): Promise<ProbeBatchJobResult> {
    const { device, target, runId, batchId } = job.data;
    const firmwareKey = firmwareKeyOf(device);
    const jobLog = log.child({ runId, deviceId: device.id, batchId });
    const workDir = mkdtempSync(join(tmpdir(), `censorwatch-batch-${device.id}-`));
    const allureResultsDir = resolve(
      this.#options.reportsDir,
      'allure-results',
      runId,
      firmwareSlug(firmwareKey),
      batchId,
    );
    try {
      const batch = await this.#prepareBatch(job.data, workDir, allureResultsDir);
      const batchFile = join(workDir, 'batch.json');
      writeProbeBatch(batchFile, batch);
      const probes = planProbes(batch);
      jobLog.info({ probes: probes.length, target: target.app }, 'probe batch starting');
      const launched = await this.#launch(
        batchFile,
        BATCH_BASE_MS + BATCH_MS_PER_PROBE * probes.length,
      );
      const filled = await this.#fillMissing(batch, launched, allureResultsDir);
      jobLog.info(
        { exitCode: launched.exitCode, timedOut: launched.timedOut, filledInconclusive: filled },
        'probe batch ended',
      );
      return {
        batchId,
        deviceId: device.id,
        firmwareKey,
        probes: probes.length,
        filledInconclusive: filled,
        launcherExitCode: launched.exitCode,
        allureResultsDir,
      };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  async #prepareBatch(
    data: ProbeBatchJobData,
    workDir: string,
    allureResultsDir: string,
  ): Promise<ProbeBatch> {
    const { device } = data;
    let capabilities: Record<string, unknown>;
    let appiumUrl: string;
    if (device.lab) {
      if (!this.#options.labAppiumUrl)
        throw new Error(`${device.id} is a lab phone but no lab Appium is running`);
      appiumUrl = device.appium.url === 'lab' ? this.#options.labAppiumUrl : device.appium.url;
      const extensionDir =
        device.extensionDir && device.lab.firmware.vendorList && this.#options.vendorUrl
          ? await prepareFirmwareExtension({
              extensionDir: device.extensionDir,
              outDir: join(workDir, 'firmware'),
              settings: {
                vendorUrl: this.#options.vendorUrl,
                list: device.lab.firmware.vendorList,
                firmware: device.firmware.version,
                region: device.region,
              },
            })
          : device.extensionDir;
      capabilities = labCapabilities(device, {
        extensionDir,
        chromedriverPort: await freePort(),
        sessionMarker: `${device.id}.${data.runId}`,
      });
    } else {
      if (device.appium.url === 'lab')
        throw new Error(`${device.file}: a real phone needs appium.url`);
      appiumUrl = device.appium.url;
      capabilities = { ...device.appium.capabilities };
    }
    let messenger: LabMessengerSettings | undefined;
    if (data.target.kind === 'messenger' && device.lab) {
      messenger = this.#options.messenger
        ? messengerSettingsFor(this.#options.messenger, device.id)
        : undefined;
      if (!messenger) {
        throw new Error(
          `${device.id} has a lab messenger target but the lab messenger has no account for it`,
        );
      }
    }
    const peer = data.target.peer
      ? {
          appiumUrl: data.target.peer.appium.url,
          capabilities: data.target.peer.appium.capabilities,
        }
      : undefined;
    return {
      ...data,
      capabilities,
      appiumUrl,
      canaryUrl: this.#options.canaryUrl,
      ...(messenger ? { messenger } : {}),
      ...(peer ? { peer } : {}),
      allureResultsDir,
      reportsDir: this.#options.reportsDir,
      database: this.#options.database,
    };
  }

  /** Runs the batch's WDIO Launcher as an owned child (its whole process group is stopped on deadline or exit). */
  async #launch(
    batchFile: string,
    deadlineMs: number,
  ): Promise<{ exitCode: number | null; timedOut: boolean; output: string }> {
    const launcher = new OwnedProcess({
      name: 'wdio-launcher',
      command: process.execPath,
      args: ['--import', 'tsx', resolve(PROJECT_ROOT, 'queue/launch-batch.ts')],
      cwd: PROJECT_ROOT,
      env: { ...process.env, CENSORWATCH_BATCH: batchFile },
      tailLines: OUTPUT_TAIL_LINES,
    });
    this.#launchers.add(launcher);
    try {
      await launcher.start();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'deadline'>((done) => {
        timer = setTimeout(() => done('deadline'), deadlineMs);
      });
      const ended = await Promise.race([launcher.exited, deadline]);
      clearTimeout(timer);
      if (ended === 'deadline') {
        await launcher.stop();
        return { exitCode: null, timedOut: true, output: launcher.outputTail };
      }
      return { exitCode: ended.code, timedOut: false, output: launcher.outputTail };
    } finally {
      await launcher.stop();
      this.#launchers.delete(launcher);
    }
  }

  /** Every planned probe ends with a verdict: those the spec never recorded become inconclusive. */
  async #fillMissing(
    batch: ProbeBatch,
    launched: { exitCode: number | null; timedOut: boolean; output: string },
    allureResultsDir: string,
  ): Promise<number> {
    const store = await ResultStore.open(batch.database);
    try {
      return await fillMissingProbes(
        store,
        batch,
        launched.timedOut
          ? { reason: 'timeout', detail: 'the batch ran past its deadline and was stopped' }
          : {
              reason: 'session-error',
              detail: `the WebdriverIO run ended (exit ${launched.exitCode}) before this probe: ${lastLine(launched.output)}`,
            },
        allureResultsDir,
      );
    } finally {
      await store.close();
    }
  }
}

function lastLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? 'no output').slice(0, 300);
}
