// Worker of the runs queue: turns a schedule's start-run job into a run flow.
import { Worker, type Job } from 'bullmq';
import type { DeviceProfile } from '../src/devices/device-profile.ts';
import { selectDevices } from '../src/devices/select-devices.ts';
import { withReferences } from '../src/devices/with-references.ts';
import type { RepetitionPolicy } from '../src/oracle/confirm-finding.ts';
import { logger } from '../src/log/logger.ts';
import type { ResultStore } from '../src/store/result-store.ts';
import { loadTermList } from '../src/terms/load-term-list.ts';
import type { StartRunJobData } from './job-data.ts';
import { connectionOf, RUN_QUEUE, type QueueContext } from './queue-context.ts';
import { startRun, type StartedRun } from './run-producer.ts';

const log = logger('run-starter');

export class RunStarter {
  readonly #worker: Worker<StartRunJobData, StartedRun>;

  constructor(
    context: QueueContext,
    store: ResultStore,
    devices: DeviceProfile[],
    runs: { batchSize: number; repetition: RepetitionPolicy },
  ) {
    this.#worker = new Worker<StartRunJobData, StartedRun>(
      RUN_QUEUE,
      async (job: Job<StartRunJobData>) => {
        const { data } = job;
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
        return run;
      },
      { connection: connectionOf(context), prefix: context.prefix, concurrency: 1 },
    );
  }

  waitUntilReady(): Promise<unknown> {
    return this.#worker.waitUntilReady();
  }

  close(): Promise<void> {
    return this.#worker.close();
  }
}
