// How queue/ reaches Redis: one connection setting and one key prefix, shared by every queue of a farm.

export interface QueueContext {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Key prefix of every queue (`CENSORWATCH_QUEUE_PREFIX`, default `censorwatch`); tests use a random one so they never meet. */
  prefix: string;
}

/** One queue per device: with global concurrency 1 a phone is never shared. */
export function deviceQueueName(deviceId: string): string {
  return `device-${deviceId}`;
}

/** Parent jobs of run flows: compile the reports when every batch has ended. */
export const REPORT_QUEUE = 'reports';

/** Scheduled and requested run starts (the nightly job scheduler adds here). */
export const RUN_QUEUE = 'runs';

export function connectionOf(context: QueueContext): { url: string; maxRetriesPerRequest: null } {
  return { url: context.redisUrl, maxRetriesPerRequest: null };
}
