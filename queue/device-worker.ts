// The worker of one device's queue: runs each probe batch through the WDIO Launcher, one at a time.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { PROJECT_ROOT } from '../src/config/settings.ts';
import { describeProblems, type HealthPolicy } from '../src/devices/device-health.ts';
import {
  adbSerialOf,
  firmwareKeyOf,
  type DeviceProfile,
  type DeviceTarget,
} from '../src/devices/device-profile.ts';
import { HealthGate, type PhonesOverAdb } from '../src/devices/health-gate.ts';
import type { ObservedFirmware } from '../src/devices/observed-firmware.ts';
import { packagesOfTarget } from '../src/discovery/target-packages.ts';
import type { ProbeBatchRequest } from '../src/probe/probe-batch.ts';
import { ConfigError, InputError } from '../src/errors.ts';
import type { LabMessengerEndpoints } from '../src/lab/lab-messenger-service.ts';
import { logger } from '../src/log/logger.ts';
import type { CurrentBatch } from '../src/registry/registry-records.ts';
import { writeProbeBatch, type ProbeBatch } from '../src/sessions/batch-file.ts';
import { sessionProviderOf } from '../src/sessions/session-providers.ts';
import { waitForAppium } from '../src/services/appium-service.ts';
import { OwnedProcess } from '../src/services/owned-process.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { loadServedProfile } from '../src/targets/served-profiles.ts';
import { fillMissingProbes } from './fill-missing-probes.ts';
import { parseJobData, probeBatchJobSchema } from './job-schemas.ts';
import { raiseStarvedBatches } from './starvation.ts';
import { resumePlan, standingAfterSession } from './resume-plan.ts';
import { SessionRetries } from './session-retries.ts';
import { keepBatchEvidence } from './batch-evidence.ts';
import {
  failedTriesOf,
  nextTry,
  progressOfFailedTries,
  sessionFailureOf,
  sessionNeverStarted,
  unstartedReasonOf,
} from './unstarted-session.ts';
import type { ProbeBatchJobData, ProbeBatchJobResult } from './job-data.ts';
import { connectionOf, deviceQueueName, type QueueContext } from './queue-context.ts';

const log = logger('device-worker');

/** A batch gets this long per probe before its WDIO run is stopped (probes then count as timeouts). */
const BATCH_MS_PER_PROBE = 45 * 1000;
const BATCH_BASE_MS = 2 * 60 * 1000;
/** Enough for WDIO's error line and its stack when a session does not start. */
const OUTPUT_TAIL_LINES = 40;

export interface DeviceWorkerOptions {
  context: QueueContext;
  /** This host's profile of the device: its sessions are made from it, never from a job's data. */
  device: DeviceProfile;
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
  /**
   * The host's adb server, through which a phone with a serial passes its health gate and says
   * its firmware before each batch. Absent: nothing is read over adb.
   */
  adb?: { phones: PhonesOverAdb; health: HealthPolicy } | undefined;
  /**
   * How long a batch's lock lasts unrenewed: a worker that dies (its host killed) leaves its job
   * locked this long before another worker of the phone's queue takes it again. @defaultValue 60 s
   */
  lockMs?: number | undefined;
  /**
   * New sessions in a row a batch gets when its session dies under its probes and none of them
   * decides a probe; each runs what the last left undecided, after a wait of 2 s doubled each
   * time and until its Appium answers. A session that decided probes before it died starts the
   * count again. @defaultValue 2
   */
  sessionRetries?: number | undefined;
}

export const DEFAULT_SESSION_RETRIES = 2;
/** The wait before a batch's first new session, doubled before each next: Appium or the phone coming back. */
const SESSION_RETRY_WAIT_MS = 2000;
/** How long a new session waits, at most, for its Appium to answer `/status` again (a private one starts in 60 s). */
const APPIUM_BACK_MS = 60 * 1000;

/** BullMQ's own default, kept: a batch holds the phone for minutes and renews its lock meanwhile. */
export const DEFAULT_LOCK_MS = 60 * 1000;

/**
 * Times a batch is taken again after its worker died (BullMQ's default is once). A host that dies
 * twice under one batch of a hundred probes would leave all it had not run inconclusive; past this
 * the job fails, its probes end inconclusive(session-error), and a batch that kills its host cannot
 * loop forever.
 */
export const MAX_STALLS_PER_BATCH = 3;

export class DeviceWorker {
  readonly #options: DeviceWorkerOptions;
  readonly #worker: Worker<ProbeBatchJobData, ProbeBatchJobResult>;
  readonly #launchers = new Set<OwnedProcess>();
  /** The phone's own queue, for raising scheduled batches that waited too long. */
  readonly #queue: Queue;
  /** The batch the phone is running, for the farm's heartbeat; null between batches. */
  #current: CurrentBatch | null = null;

  private constructor(options: DeviceWorkerOptions) {
    this.#options = options;
    this.#queue = new Queue(deviceQueueName(options.device.id), {
      connection: connectionOf(options.context),
      prefix: options.context.prefix,
    });
    this.#worker = new Worker<ProbeBatchJobData, ProbeBatchJobResult>(
      deviceQueueName(options.device.id),
      // before the phone takes its next batch, scheduled work kept waiting too long by checks goes first
      (job, token) =>
        this.#process(job, token).finally(() =>
          raiseStarvedBatches(this.#queue).catch((error: unknown) =>
            log.warn({ deviceId: options.device.id, err: error }, 'raising waiting batches failed'),
          ),
        ),
      {
        connection: connectionOf(options.context),
        prefix: options.context.prefix,
        concurrency: 1,
        // A batch holds the phone for minutes; keep the lock alive meanwhile. A lock left by a
        // dead worker is found by the stalled-job check, which runs twice per lock duration.
        lockDuration: options.lockMs ?? DEFAULT_LOCK_MS,
        stalledInterval: (options.lockMs ?? DEFAULT_LOCK_MS) / 2,
        maxStalledCount: MAX_STALLS_PER_BATCH,
      },
    );
    this.#worker.on('failed', (job, error) =>
      log.error({ deviceId: options.device.id, jobId: job?.id, err: error }, 'probe batch failed'),
    );
  }

  /** Starts a worker and sets the device queue's global concurrency to 1 (one phone, one job). */
  static async start(options: DeviceWorkerOptions): Promise<DeviceWorker> {
    const queue = new Queue(deviceQueueName(options.device.id), {
      connection: connectionOf(options.context),
      prefix: options.context.prefix,
    });
    await queue.setGlobalConcurrency(1);
    await queue.close();
    const worker = new DeviceWorker(options);
    await worker.#worker.waitUntilReady();
    return worker;
  }

  /** The batch this worker's phone is running now, or null: a failed or aborted batch clears it. */
  get current(): CurrentBatch | null {
    return this.#current;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#launchers].map((launcher) => launcher.stop()));
    await this.#worker.close();
    await this.#queue.close();
  }

  async #process(
    job: Job<ProbeBatchJobData, ProbeBatchJobResult>,
    token: string | undefined,
  ): Promise<ProbeBatchJobResult> {
    const parsed = parseJobData(probeBatchJobSchema, job.data);
    if ('error' in parsed) throw new UnrecoverableError(parsed.error);
    const { runId, batchId } = parsed.data;
    const device = this.#options.device;
    if (parsed.data.device.id !== device.id) {
      throw new UnrecoverableError(
        `job data field \`device.id\`: "${parsed.data.device.id}" is not this queue's device (${device.id})`,
      );
    }
    const jobLog = log.child({ runId, deviceId: device.id, batchId });
    this.#current = {
      runId,
      batchId,
      target: parsed.data.target.app,
      startedAt: new Date().toISOString(),
    };
    const workDir = mkdtempSync(join(tmpdir(), `censorwatch-batch-${device.id}-`));
    const store = await ResultStore.open(this.#options.database);
    let firmwareKey = firmwareKeyOf(device);
    try {
      let plan = await store.plannedProbes(runId, batchId);
      const planned = plan.length;
      /** What the job returns: the batch's planned probes, however many ran in this session. */
      const ended = (filledInconclusive: number, launcherExitCode: number | null) => ({
        batchId,
        deviceId: device.id,
        firmwareKey,
        probes: planned,
        filledInconclusive,
        launcherExitCode,
      });
      let batch: ProbeBatch;
      let request: ProbeBatchRequest;
      try {
        const target = device.targets.find((t) => t.app === parsed.data.target.app);
        if (!target) {
          throw new ConfigError(
            `${device.file}: the run asks for target "${parsed.data.target.app}", which this host's profile of ${device.id} does not have`,
          );
        }
        request = { ...parsed.data, device, target };
        const firmware = await this.#passHealthGate(job, token, store, parsed.data, target);
        if (firmware) {
          // the results go where the phone's firmware is, whatever its profile says
          firmwareKey = firmware.firmwareKey;
          request = {
            ...request,
            device: {
              ...device,
              firmware: { fingerprint: firmware.fingerprint, version: firmware.version },
            },
          };
          plan = plan.map((p) => ({ ...p, identity: { ...p.identity, firmwareKey } }));
        }
        // a job whose worker died is given again: the verdicts it recorded stand; what it could
        // only record inconclusive is tried again, since a new session can but add evidence
        const verdicts = (await store.probesOfBatch(runId, batchId)).filter(
          (r) => r.verdict !== 'inconclusive',
        );
        const resumed = resumePlan(plan, new Set(verdicts.map((r) => r.probeId)));
        if (resumed.skipped > 0) {
          jobLog.warn(
            { skipped: resumed.skipped, left: resumed.plan.length },
            'the batch was begun before: the terms it recorded stand, the rest runs',
          );
          if (!resumed.termsLeft) {
            // no session for run checks alone: one the dead worker did not record ends inconclusive
            const filled = await fillMissingProbes(store, parsed.data, {
              reason: 'session-error',
              detail:
                'the batch was taken again after its worker stopped: every term was recorded, this run check was not',
            });
            return ended(filled, null);
          }
          plan = resumed.plan;
        }
        batch = await this.#prepareBatch(request, workDir, plan);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        // a configuration fault does not heal by retrying: every probe says so, and the job ends
        const filled = await fillMissingProbes(store, parsed.data, {
          reason: 'config-error',
          detail: error.message,
        });
        jobLog.error({ err: error, filledInconclusive: filled }, 'probe batch cannot run');
        throw new UnrecoverableError(error.message);
      }
      const batchFile = join(workDir, 'batch.json');
      writeProbeBatch(batchFile, batch);
      jobLog.info({ probes: plan.length, target: batch.target.app }, 'probe batch starting');
      let launched = await this.#launch(
        batchFile,
        BATCH_BASE_MS + BATCH_MS_PER_PROBE * plan.length,
      );
      const retry = this.#options.adb?.health;
      // what the run recorded, config faults among it (the fill below adds none)
      let recorded = await store.probesOfBatch(runId, batchId);
      if (retry && sessionNeverStarted(launched, recorded.length)) {
        await this.#retryUnstartedSession(job, token, store, parsed.data, launched, retry);
      }
      // a session that died under its probes (the browser, the phone or Appium gone) leaves them
      // undecided: what it left runs again in a new session, its records kept as evidence
      const retries = new SessionRetries(
        this.#options.sessionRetries ?? DEFAULT_SESSION_RETRIES,
        plan.length,
        SESSION_RETRY_WAIT_MS,
      );
      for (let session = 1; ; session++) {
        if (launched.timedOut || recorded.some((r) => r.reason === 'config-error')) break;
        const left = resumePlan(plan, standingAfterSession(recorded));
        if (!left.termsLeft) break;
        const waitMs = retries.next(left.plan.length);
        if (waitMs === null) break;
        const leftIds = new Set(left.plan.map((p) => p.probeId));
        const replaced = recorded.filter((r) => leftIds.has(r.probeId));
        const evidence = await keepBatchEvidence(
          this.#options.reportsDir,
          { runId, batchId },
          `retry-${session}`,
          {
            session,
            exitCode: launched.exitCode,
            output: launched.output,
            endedAt: new Date().toISOString(),
            replaced,
          },
        );
        jobLog.warn(
          { session, left: left.plan.length, replaced: replaced.length, waitMs, evidence },
          'the session died under its probes: what it left runs again in a new session',
        );
        await sleep(waitMs);
        const sessionDir = join(workDir, `session-${session + 1}`);
        mkdirSync(sessionDir);
        let again: ProbeBatch;
        try {
          again = await this.#prepareBatch(request, sessionDir, left.plan);
        } catch (error) {
          // the profile was broken meanwhile: what the dead session left stays as it recorded it
          if (!(error instanceof ConfigError)) throw error;
          jobLog.error({ err: error }, 'the batch cannot run again');
          break;
        }
        writeProbeBatch(batchFile, again);
        // a session that recorded probes had its Appium: if Appium crashed under it and is being
        // started again, a session asked for now would fail and spend a try. One that never started
        // may have no Appium at all, and waits only its backoff
        if (replaced.length > 0) {
          const appium = await waitForAppium(again.session.appiumUrl, APPIUM_BACK_MS);
          if (appium !== 'up')
            jobLog.warn({ appium }, 'Appium is not back: the new session may fail');
        }
        launched = await this.#launch(
          batchFile,
          BATCH_BASE_MS + BATCH_MS_PER_PROBE * left.plan.length,
        );
        recorded = await store.probesOfBatch(runId, batchId);
      }
      const filled = await fillMissingProbes(
        store,
        parsed.data,
        launched.timedOut
          ? { reason: 'timeout', detail: 'the batch ran past its deadline and was stopped' }
          : {
              reason: 'session-error',
              detail: `the WebdriverIO run ended (exit ${launched.exitCode}) before this probe: ${lastLine(launched.output)}`,
            },
      );
      const outcome = {
        exitCode: launched.exitCode,
        timedOut: launched.timedOut,
        filledInconclusive: filled,
      };
      // the engine records every fault as a result: a run that did not end cleanly is a harness fault
      if (launched.exitCode === 0) jobLog.info(outcome, 'probe batch ended');
      else jobLog.warn({ ...outcome, output: launched.output }, 'probe batch ended abnormally');
      const configFault = recorded.find((r) => r.reason === 'config-error');
      if (configFault) throw new UnrecoverableError(configFault.detail ?? 'configuration fault');
      return ended(filled, launched.exitCode);
    } finally {
      this.#current = null;
      await store.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  /**
   * A phone read over adb passes its health gate before the batch: an unhealthy one's job waits
   * and is tried again (`health.attempts`, the wait doubling from `health.backoffMs`); on the last
   * try its probes end inconclusive(device-unhealthy) with the health record as their evidence.
   * Returns the firmware the phone runs, recorded for the batch; null when it is not read over adb.
   */
  async #passHealthGate(
    job: Job<ProbeBatchJobData, ProbeBatchJobResult>,
    token: string | undefined,
    store: ResultStore,
    batch: { runId: string; batchId: string },
    target: DeviceTarget,
  ): Promise<ObservedFirmware | null> {
    const { device, adb } = this.#options;
    if (!adb || adbSerialOf(device) === null) return null;
    const { runId, batchId } = batch;
    const jobLog = log.child({ runId, deviceId: device.id, batchId });
    const { record, firmware } = await new HealthGate(adb.phones, adb.health).check(
      device,
      packagesOfTarget(target.app),
    );
    if (record.healthy && firmware) {
      await store.saveBatchFirmware({
        runId,
        batchId,
        deviceId: device.id,
        profileKey: firmware.profileKey,
        firmwareKey: firmware.firmwareKey,
        fingerprint: firmware.fingerprint,
        incremental: firmware.incremental,
        readAt: record.checkedAt,
      });
      if (firmware.changed) {
        jobLog.warn(
          { profileKey: firmware.profileKey, firmwareKey: firmware.firmwareKey },
          'the phone runs another firmware than its profile says: its results are filed under the one it runs',
        );
      }
      return firmware;
    }
    const why = describeProblems(record.problems);
    const next = nextTry(failedTriesOf(job.progress), adb.health);
    const { tries } = next;
    if (next.retry) {
      jobLog.warn(
        { tries, waitMs: next.waitMs, problems: record.problems },
        'the phone is unhealthy: the batch waits',
      );
      await this.#delay(job, token, next);
    }
    const evidence = await keepBatchEvidence(
      this.#options.reportsDir,
      { runId, batchId },
      'health',
      record,
    );
    const detail = `the phone failed its health gate ${tries} time${tries === 1 ? '' : 's'}: ${why}`;
    const filled = await fillMissingProbes(store, batch, {
      reason: 'device-unhealthy',
      detail,
      evidence: [evidence],
    });
    jobLog.error(
      { problems: record.problems, filledInconclusive: filled },
      'the phone is unhealthy: the batch gives up',
    );
    throw new UnrecoverableError(detail);
  }

  /**
   * A batch whose session never started (no probe recorded; Appium could not find the phone, or
   * refused the session) is tried again like an unhealthy phone, by the host's health policy
   * (censorwatch.yaml `health`, passed with the host's adb server; one count with the gate's
   * tries): the job waits and throws DelayedError. On the last try its probes end inconclusive
   * with Appium's message and the launcher's output kept as evidence, and the job fails as
   * unrecoverable. Never returns. A host with no health policy (no phone read over adb: the lab)
   * does not retry: its probes end inconclusive(session-error) at once, as before.
   */
  async #retryUnstartedSession(
    job: Job<ProbeBatchJobData, ProbeBatchJobResult>,
    token: string | undefined,
    store: ResultStore,
    batch: { runId: string; batchId: string },
    launched: { exitCode: number | null; output: string },
    policy: Pick<HealthPolicy, 'attempts' | 'backoffMs'>,
  ): Promise<never> {
    const { device } = this.#options;
    const { runId, batchId } = batch;
    const jobLog = log.child({ runId, deviceId: device.id, batchId });
    const failure = sessionFailureOf(launched.output);
    const next = nextTry(failedTriesOf(job.progress), policy);
    const { tries } = next;
    if (next.retry) {
      jobLog.warn(
        { tries, waitMs: next.waitMs, exitCode: launched.exitCode, failure },
        'the session did not start: the batch waits',
      );
      await this.#delay(job, token, next);
    }
    const evidence = await keepBatchEvidence(this.#options.reportsDir, batch, 'session', {
      deviceId: device.id,
      serial: adbSerialOf(device),
      appiumUrl: device.appium.url,
      tries,
      exitCode: launched.exitCode,
      failure,
      output: launched.output,
      endedAt: new Date().toISOString(),
    });
    const detail = `the session did not start in ${tries} tr${tries === 1 ? 'y' : 'ies'}: ${failure}`;
    const filled = await fillMissingProbes(store, batch, {
      reason: unstartedReasonOf(failure),
      detail,
      evidence: [evidence],
    });
    jobLog.error(
      { failure, output: launched.output, filledInconclusive: filled },
      'the session did not start: the batch gives up',
    );
    throw new UnrecoverableError(detail);
  }

  /** Counts the failed try in the job's progress and moves the job to the delayed set for `waitMs`. */
  async #delay(
    job: Job<ProbeBatchJobData, ProbeBatchJobResult>,
    token: string | undefined,
    next: { tries: number; waitMs: number },
  ): Promise<never> {
    await job.updateProgress(progressOfFailedTries(next.tries));
    await job.moveToDelayed(Date.now() + next.waitMs, token);
    throw new DelayedError();
  }

  /** The batch file: the stored plan, and the sessions and far ends its device's provider makes. */
  async #prepareBatch(
    data: ProbeBatchRequest,
    workDir: string,
    plan: ProbeBatch['plan'],
  ): Promise<ProbeBatch> {
    const { device } = data;
    if (plan.length === 0) {
      throw new ConfigError(`batch ${data.batchId} of run ${data.runId} has no stored plan`);
    }
    // the profile may have been edited since the run was queued: a bad one now is a configuration fault
    if (existsSync(device.file)) {
      try {
        loadServedProfile(device.file);
      } catch (error) {
        if (error instanceof InputError) throw new ConfigError(error.message, { cause: error });
        throw error;
      }
    }
    const session = await sessionProviderOf(device).prepare(data, {
      workDir,
      lab: {
        appiumUrl: this.#options.labAppiumUrl,
        vendorUrl: this.#options.vendorUrl,
        messenger: this.#options.messenger,
      },
    });
    return {
      ...data,
      plan,
      session,
      canaryUrl: this.#options.canaryUrl,
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
      args: [WDIO_CLI, 'run', resolve(PROJECT_ROOT, 'wdio.conf.ts')],
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
}

/**
 * WebdriverIO's own CLI, run by plain Node: it loads tsx itself for the TypeScript config and its
 * workers, so @wdio/cli's many modules load without tsx's hooks (about 0.7 s less per batch).
 */
const WDIO_CLI = resolve(PROJECT_ROOT, 'node_modules/@wdio/cli/bin/wdio.js');

function lastLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return (lines.at(-1) ?? 'no output').slice(0, 300);
}
