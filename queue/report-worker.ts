// Worker of the reports queue: when every batch of a run has ended, renders and compiles one Allure report per firmware key.
import { join, resolve } from 'node:path';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import {
  firmwareKeyOf,
  type DeviceProfile,
  type DeviceTarget,
} from '../src/devices/device-profile.ts';
import type { WebhookSettings } from '../src/alerts/webhook.ts';
import { logger } from '../src/log/logger.ts';
import { compareWithReferences } from '../src/oracle/compare-reference.ts';
import { compileFirmwareReport } from '../src/report/compile-firmware-report.ts';
import { firmwareEnvironment } from '../src/report/environment.ts';
import { firmwareSlug } from '../src/report/firmware-slug.ts';
import {
  MODEL_PAGES_DIR,
  modelPageName,
  modelsOf,
  writeModelPages,
} from '../src/report/model-matrix.ts';
import { writeReportIndex } from '../src/report/report-index.ts';
import { splitFirmwareKey } from '../src/regress/compare-runs.ts';
import { summariseByFirmware } from '../src/report/run-summary.ts';
import { DEFAULT_SESSION_KEY, writeAllureResults } from '../src/report/write-allure-results.ts';
import { detectChanges } from '../src/regress/detect-changes.ts';
import type { FirmwareUpdate } from '../src/regress/firmware-updates.ts';
import type { ProbeResult } from '../src/store/probe-result.ts';
import { ResultStore } from '../src/store/result-store.ts';
import { fillMissingProbes } from './fill-missing-probes.ts';
import type { CompileReportJobData, ProbeBatchJobData } from './job-data.ts';
import { compileReportJobSchema, parseJobData } from './job-schemas.ts';
import { connectionOf, REPORT_QUEUE, type QueueContext } from './queue-context.ts';

const log = logger('report-worker');

export interface CompiledRun {
  runId: string;
  reports: { firmwareKey: string; dir: string; indexFile: string }[];
  indexFile: string;
  /** Batches whose job failed outright; their probes were filled in as inconclusive. */
  failedBatches: number;
  /** Drift and regressions this run showed, with their pages (absolute paths). */
  changes: { event: 'drift' | 'regression'; firmwareKey: string; html: string; json: string }[];
  /** Phones that ran another firmware than before (or than their profile says), read off them. */
  firmwareUpdates: FirmwareUpdate[];
}

export interface ReportWorkerOptions {
  context: QueueContext;
  devices: DeviceProfile[];
  reportsDir: string;
  database: string;
  /** Where drift and regression alerts go; none when absent. */
  webhook?: WebhookSettings | undefined;
  /**
   * What a firmware report's environment panel names as the browser of a device (its session
   * provider knows: the lab's Chromium package, the phone's Chrome, ...).
   * @defaultValue `per device`
   */
  describeBrowser?: (device: DeviceProfile) => string;
  /**
   * The session key in the history id of a device's tests on one target, as
   * @wdio/allure-reporter took it from the session's capabilities: the `browserName`
   * (`chrome`), the device name, or `multiremote` for a phone driven beside a peer phone.
   * Keeping it keeps each test's history across reports.
   * @defaultValue `chrome`
   */
  sessionKeyOf?: (device: DeviceProfile, target: DeviceTarget) => string;
}

const DEFAULT_BROWSER_DESCRIPTION = 'per device';

export class ReportWorker {
  readonly #options: ReportWorkerOptions;
  readonly #worker: Worker<CompileReportJobData, CompiledRun>;

  constructor(options: ReportWorkerOptions) {
    this.#options = options;
    this.#worker = new Worker<CompileReportJobData, CompiledRun>(
      REPORT_QUEUE,
      (job) => this.#process(job),
      {
        connection: connectionOf(options.context),
        prefix: options.context.prefix,
        concurrency: 1,
        lockDuration: 60 * 1000,
      },
    );
    this.#worker.on('failed', (job, error) =>
      log.error({ jobId: job?.id, err: error }, 'report compilation failed'),
    );
  }

  waitUntilReady(): Promise<unknown> {
    return this.#worker.waitUntilReady();
  }

  close(): Promise<void> {
    return this.#worker.close();
  }

  async #process(job: Job<CompileReportJobData, CompiledRun>): Promise<CompiledRun> {
    // the run id names folders under reports/: a job of any other shape is refused, not retried
    const parsed = parseJobData(compileReportJobSchema, job.data);
    if ('error' in parsed) throw new UnrecoverableError(parsed.error);
    const { runId } = parsed.data;
    const { reportsDir, database } = this.#options;
    const store = await ResultStore.open(database);
    try {
      const failedBatches = await this.#fillFailedBatches(job, store);
      const comparisons = compareWithReferences(
        await store.probesOfRun(runId),
        (deviceId) => this.#options.devices.find((d) => d.id === deviceId)?.reference,
      );
      for (const comparison of comparisons) await store.saveProbe(comparison.result);
      // everything below is rendered from the store, after the comparison: nothing is patched
      const results = await store.probesOfRun(runId);
      const run = await store.run(runId);
      const byFirmware = new Map<string, ProbeResult[]>();
      for (const result of results) {
        byFirmware.set(result.firmwareKey, [...(byFirmware.get(result.firmwareKey) ?? []), result]);
      }
      const firmwareRead = await store.batchFirmware(runId);
      const reports: CompiledRun['reports'] = [];
      for (const firmwareKey of [...byFirmware.keys()].sort()) {
        const slug = firmwareSlug(firmwareKey);
        const rendered = writeAllureResults({
          results: byFirmware.get(firmwareKey)!,
          reportsDir,
          resultsDir: resolve(reportsDir, 'allure-results', runId, slug),
          sessionKeyOf: (result) => this.#sessionKeyOf(result),
        });
        const read = firmwareRead.find((r) => r.firmwareKey === firmwareKey);
        const device =
          this.#options.devices.find((d) => firmwareKeyOf(d) === firmwareKey) ??
          this.#options.devices.find((d) => d.id === read?.deviceId);
        const outDir = resolve(reportsDir, 'allure', slug);
        await compileFirmwareReport({
          resultsDirs: [rendered.resultsDir],
          outDir,
          environment: firmwareEnvironment({
            firmwareKey,
            fingerprint: read?.fingerprint ?? device?.firmware.fingerprint ?? 'unknown',
            firmwareVersion: splitFirmwareKey(firmwareKey).version,
            ...(read && read.profileKey !== firmwareKey
              ? {
                  firmwareSource: `read off ${read.deviceId} over adb at ${read.readAt}; its profile says ${read.profileKey}`,
                }
              : {}),
            region: device?.region ?? 'unknown',
            locale: device?.locale ?? 'unknown',
            devices: [...new Set(byFirmware.get(firmwareKey)!.map((r) => r.deviceId))].sort(),
            browserVersion: device
              ? (this.#options.describeBrowser?.(device) ?? DEFAULT_BROWSER_DESCRIPTION)
              : DEFAULT_BROWSER_DESCRIPTION,
            termListName: run?.termListName ?? 'unknown',
            termListSha256: run?.termListSha256 ?? 'unknown',
            runId,
            startedBy: run?.startedBy ?? null,
          }),
          executor: {
            name: 'censorwatch',
            type: 'censorwatch',
            buildName: `${run?.kind ?? 'run'} ${runId}`,
            buildOrder: Date.parse(run?.createdAt ?? new Date().toISOString()),
            reportName: firmwareKey,
          },
        });
        reports.push({ firmwareKey, dir: outDir, indexFile: join(outDir, 'index.html') });
      }
      const detected = await detectChanges({
        store,
        runId,
        firmwareKeys: [...byFirmware.keys()].sort(),
        reportsDir,
        webhook: this.#options.webhook,
      });
      const models = await writeModelPages(store, reportsDir, modelsOf([...byFirmware.keys()]));
      const trendOf = (key: string) => models.find((m) => key in m.trends)?.trends[key] ?? [];
      const summary = summariseByFirmware(results);
      const indexFile = writeReportIndex(
        reportsDir,
        summary.map((row) => ({
          ...row,
          slug: firmwareSlug(row.firmwareKey),
          runId,
          changes: detected.indexLinks.get(row.firmwareKey) ?? [],
          trend: trendOf(row.firmwareKey),
          modelHref: `${MODEL_PAGES_DIR}/${encodeURIComponent(modelPageName(splitFirmwareKey(row.firmwareKey).model))}`,
        })),
      );
      if (run)
        await store.saveRun({ ...run, status: 'finished', finishedAt: new Date().toISOString() });
      log.info({ runId, reports: reports.length, failedBatches }, 'run reports compiled');
      const changes = detected.changes.map((change) => ({
        event: change.event,
        firmwareKey: change.firmwareKey,
        html: change.pages.html,
        json: change.pages.json,
      }));
      return {
        runId,
        reports,
        indexFile,
        failedBatches,
        changes,
        firmwareUpdates: detected.firmwareUpdates,
      };
    } finally {
      await store.close();
    }
  }

  /** The session key of a result's history id; the default when its device or target is gone. */
  #sessionKeyOf(result: ProbeResult): string {
    const device = this.#options.devices.find((d) => d.id === result.deviceId);
    const target = device?.targets.find((t) => t.app === result.target);
    if (!device || !target || !this.#options.sessionKeyOf) return DEFAULT_SESSION_KEY;
    return this.#options.sessionKeyOf(device, target);
  }

  /** A batch job that failed outright never filled its own gaps: fill them here. */
  async #fillFailedBatches(
    job: Job<CompileReportJobData, CompiledRun>,
    store: ResultStore,
  ): Promise<number> {
    const failures = await job.getIgnoredChildrenFailures();
    let failed = 0;
    for (const [key, failedReason] of Object.entries(failures)) {
      // key = `<prefix>:<queue name>:<job id>`
      const [, queueName, ...idParts] = key.split(':');
      if (!queueName) continue;
      const queue = new Queue(queueName, {
        connection: connectionOf(this.#options.context),
        prefix: this.#options.context.prefix,
      });
      try {
        const child = await Job.fromId<ProbeBatchJobData>(queue, idParts.join(':'));
        if (!child) continue;
        failed += 1;
        await fillMissingProbes(
          store,
          { runId: child.data.runId, batchId: child.data.batchId },
          { reason: 'session-error', detail: `batch failed: ${failedReason}` },
        );
      } finally {
        await queue.close();
      }
    }
    return failed;
  }
}
