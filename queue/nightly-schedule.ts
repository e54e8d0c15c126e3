// The nightly job scheduler: one idempotent BullMQ job scheduler built from censorwatch.yaml.
import { Queue } from 'bullmq';
import type { CensorwatchConfig } from '../src/config/load-config.ts';
import type { StartRunJobData } from './job-data.ts';
import { connectionOf, RUN_QUEUE, type QueueContext } from './queue-context.ts';

export const NIGHTLY_SCHEDULER_ID = 'nightly';

/** Creates or updates the nightly scheduler; applying the same config twice changes nothing. */
export async function applyNightlySchedule(
  context: QueueContext,
  nightly: CensorwatchConfig['nightly'],
): Promise<{ nextRunAt: Date | null }> {
  const queue = new Queue<StartRunJobData>(RUN_QUEUE, {
    connection: connectionOf(context),
    prefix: context.prefix,
  });
  try {
    const data: StartRunJobData = {
      kind: 'nightly',
      termListFile: nightly.termList,
      deviceIds: nightly.devices,
    };
    await queue.upsertJobScheduler(
      NIGHTLY_SCHEDULER_ID,
      { pattern: nightly.cron, tz: nightly.timeZone },
      { name: 'start-run', data },
    );
    const scheduler = await queue.getJobScheduler(NIGHTLY_SCHEDULER_ID);
    return { nextRunAt: scheduler?.next ? new Date(scheduler.next) : null };
  } finally {
    await queue.close();
  }
}
