// Checks jump ahead of scheduled work, but not forever: a scheduled batch that waited too long is raised to check priority.
import { Job, type Queue } from 'bullmq';
import { PRIORITY } from './run-producer.ts';

/** How long a scheduled batch may wait behind checks before it is raised to their priority. */
const MAX_SCHEDULED_WAIT_MS = 30 * 60 * 1000;

/**
 * Raises every scheduled batch on `queue` that has waited `maxWaitMs` or longer to check
 * priority. Among equal priorities BullMQ takes the oldest first, so a raised batch runs after
 * the checks already waiting and before any check queued later. Returns the raised job ids.
 */
export async function raiseStarvedBatches(
  queue: Queue,
  maxWaitMs = MAX_SCHEDULED_WAIT_MS,
  now = Date.now(),
): Promise<string[]> {
  const raised: string[] = [];
  for (const waiting of await queue.getPrioritized(0, -1)) {
    if (waiting.priority !== PRIORITY.nightly || now - waiting.timestamp < maxWaitMs) continue;
    const job = await Job.fromId(queue, waiting.id!);
    if (!job) continue; // taken meanwhile
    await job.changePriority({ priority: PRIORITY.check });
    raised.push(job.id!);
  }
  return raised;
}
