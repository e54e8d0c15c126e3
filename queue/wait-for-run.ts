// Waits for a run's parent job (compile-report) to finish and returns what it compiled.
import { Job, Queue, QueueEvents } from 'bullmq';
import type { CompiledRun } from './report-worker.ts';
import { connectionOf, REPORT_QUEUE, type QueueContext } from './queue-context.ts';

export async function waitForRun(
  context: QueueContext,
  parentJobId: string,
  timeoutMs: number,
): Promise<CompiledRun> {
  const connection = connectionOf(context);
  const events = new QueueEvents(REPORT_QUEUE, { connection, prefix: context.prefix });
  const queue = new Queue(REPORT_QUEUE, { connection, prefix: context.prefix });
  try {
    await events.waitUntilReady();
    const job = await Job.fromId(queue, parentJobId);
    if (!job) throw new Error(`run job ${parentJobId} not found in queue ${REPORT_QUEUE}`);
    if (await job.isCompleted())
      return (await Job.fromId(queue, parentJobId))!.returnvalue as CompiledRun;
    return (await job.waitUntilFinished(events, timeoutMs)) as CompiledRun;
  } finally {
    await Promise.all([events.close(), queue.close()]);
  }
}
