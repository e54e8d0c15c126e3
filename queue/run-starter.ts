// Worker of the runs queue: turns a schedule's start-run job into a run flow.
import { resolve } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { DeviceProfile } from '../src/devices/device-profile.ts';
import { selectDevices } from '../src/devices/select-devices.ts';
import { withReferences } from '../src/devices/with-references.ts';
import type { RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import { logger } from '../src/log/logger.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import { followRunProgress } from '../src/progress/follow-run.ts';
import { loadTermList } from '../src/terms/load-term-list.ts';
import type { StartRunJobData } from './job-data.ts';
import { parseJobData, startRunJobSchema } from './job-schemas.ts';
import { connectionOf, RUN_QUEUE, type QueueContext } from './queue-context.ts';
import { startRun, type StartedRun } from './run-producer.ts';

const log = logger('run-starter');

/** How often a followed run's status is read, to stop following it once its reports are compiled. */
const FINISHED_POLL_MS = 5000;

export interface RunStarterOptions {
  batchSize: number;
  repetition: RepetitionPolicy;
  /**
   * Where the progress of the runs this host starts goes, a line every 10 s or 5 % with its ETA
   * (see ProgressPrinter). @defaultValue standard error; null: not followed
   */
  progress?: { write(text: string): unknown } | null;
  /**
   * The term list files this host's config names for its schedules (`schedules.<name>.termList`,
   * resolved): a start-run job naming any other file is refused.
   */
  termListFiles: readonly string[];
}

export class RunStarter {
  readonly #worker: Worker<StartRunJobData, StartedRun>;
  /** Runs being followed, each by the function that stops following it. */
  readonly #following = new Set<() => Promise<void>>();

  constructor(
    context: QueueContext,
    store: ResultStore,
    devices: DeviceProfile[],
    runs: RunStarterOptions,
  ) {
    const progress = runs.progress === undefined ? process.stderr : runs.progress;
    this.#worker = new Worker<StartRunJobData, StartedRun>(
      RUN_QUEUE,
      async (job: Job<StartRunJobData>) => {
        const data = this.#validated(job.data, runs.termListFiles);
        const field = data.schedule ? `schedules.${data.schedule}.devices` : 'devices';
        const termList = loadTermList(data.termListFile);
        const chosen = withReferences(
          selectDevices(devices, data.devices, data.targets, {
            devices: field,
            targets: field.replace(/devices$/, 'targets'),
          }),
          devices,
        );
        const run = await startRun(context, store, {
          kind: data.kind,
          devices: chosen,
          termList,
          batchSize: runs.batchSize,
          repetition: data.repetition ?? runs.repetition,
          startedBy: `schedule:${data.schedule ?? 'unnamed'}`,
        });
        log.info(
          {
            runId: run.runId,
            schedule: data.schedule ?? null,
            batches: run.batches,
            terms: termList.terms.length,
            termListSha256: termList.sha256,
          },
          'run started',
        );
        if (progress) this.#follow(store, run, progress);
        return run;
      },
      { connection: connectionOf(context), prefix: context.prefix, concurrency: 1 },
    );
  }

  /** The job's data as its schema and this host's config allow it; a bad job fails for good, naming its field. */
  #validated(data: unknown, termListFiles: readonly string[]): StartRunJobData {
    const parsed = parseJobData(startRunJobSchema, data);
    if ('error' in parsed) throw new UnrecoverableError(parsed.error);
    const file = resolve(parsed.data.termListFile);
    if (!termListFiles.some((allowed) => resolve(allowed) === file)) {
      throw new UnrecoverableError(
        `job data field \`termListFile\`: ${JSON.stringify(parsed.data.termListFile)} is not the term list of a schedule in this host's config`,
      );
    }
    return { ...parsed.data, termListFile: file };
  }

  waitUntilReady(): Promise<unknown> {
    return this.#worker.waitUntilReady();
  }

  /** Prints a started run's progress, each line named by its run, until its reports are compiled. */
  #follow(store: ResultStore, run: StartedRun, output: { write(text: string): unknown }): void {
    const stopProgress = followRunProgress(store, run.runId, run.plannedProbes, {
      output: { write: (text) => output.write(`run ${run.runId}: ${text}`) },
      tty: false,
    });
    let ended = false;
    const end = async (): Promise<void> => {
      if (ended) return;
      ended = true;
      clearInterval(watch);
      this.#following.delete(end);
      await stopProgress();
    };
    const watch = setInterval(() => {
      void store
        .run(run.runId)
        .then((now) => (now?.status === 'finished' ? end() : undefined))
        .catch(() => undefined);
    }, FINISHED_POLL_MS);
    watch.unref();
    this.#following.add(end);
  }

  async close(): Promise<void> {
    await this.#worker.close();
    await Promise.all([...this.#following].map((end) => end()));
  }
}
