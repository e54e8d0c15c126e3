// Named schedules as BullMQ job schedulers: `apply` makes the queue match the config exactly, `list` shows what is there.
import { Queue } from 'bullmq';
import type { ScheduleConfig } from '../src/config/load-config.ts';
import type { StartRunJobData } from './job-data.ts';
import { connectionOf, RUN_QUEUE, type QueueContext } from './queue-context.ts';

/** Job scheduler ids of named schedules; other schedulers on the queue are not ours to touch... */
const ID_PREFIX = 'schedule:';
/** ...except the one earlier versions made from `nightly`, which the `nightly` schedule replaces. */
const LEGACY_NIGHTLY_ID = 'nightly';

export interface ScheduledRun {
  name: string;
  cron: string;
  timeZone: string | null;
  /** Next fire time, when BullMQ knows it. */
  next: Date | null;
  /** What each firing starts (device selector, targets, term list, repetition). */
  data: StartRunJobData | null;
}

export interface AppliedSchedules {
  added: string[];
  changed: string[];
  unchanged: string[];
  removed: string[];
  schedules: ScheduledRun[];
}

function schedulerIdOf(name: string): string {
  return `${ID_PREFIX}${name}`;
}

function jobDataOf(name: string, schedule: ScheduleConfig): StartRunJobData {
  return {
    kind: 'nightly',
    schedule: name,
    termListFile: schedule.termList,
    devices: schedule.devices,
    ...(schedule.targets ? { targets: schedule.targets } : {}),
    ...(schedule.repetition ? { repetition: schedule.repetition } : {}),
  };
}

function runQueue(context: QueueContext): Queue<StartRunJobData> {
  return new Queue<StartRunJobData>(RUN_QUEUE, {
    connection: connectionOf(context),
    prefix: context.prefix,
  });
}

/**
 * Adds, changes and removes job schedulers until the queue holds exactly `schedules`.
 * Applying the same schedules twice changes nothing.
 */
export async function applySchedules(
  context: QueueContext,
  schedules: Readonly<Record<string, ScheduleConfig>>,
): Promise<AppliedSchedules> {
  const queue = runQueue(context);
  try {
    const before = new Map((await listOn(queue)).map((s) => [s.name, s]));
    const result: AppliedSchedules = {
      added: [],
      changed: [],
      unchanged: [],
      removed: [],
      schedules: [],
    };
    for (const [name, schedule] of Object.entries(schedules)) {
      const data = jobDataOf(name, schedule);
      const earlier = before.get(name);
      const same =
        earlier !== undefined &&
        earlier.cron === schedule.cron &&
        earlier.timeZone === schedule.timeZone &&
        JSON.stringify(earlier.data) === JSON.stringify(data);
      if (!same) {
        await queue.upsertJobScheduler(
          schedulerIdOf(name),
          { pattern: schedule.cron, tz: schedule.timeZone },
          { name: 'start-run', data },
        );
      }
      (earlier === undefined ? result.added : same ? result.unchanged : result.changed).push(name);
    }
    for (const scheduler of await queue.getJobSchedulers(0, -1)) {
      const id = scheduler.key;
      const ours = id.startsWith(ID_PREFIX) || id === LEGACY_NIGHTLY_ID;
      const name = id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : id;
      if (ours && !(id.startsWith(ID_PREFIX) && name in schedules)) {
        await queue.removeJobScheduler(id);
        result.removed.push(name);
      }
    }
    result.schedules = await listOn(queue);
    return result;
  } finally {
    await queue.close();
  }
}

/** The named schedules on the queue, by name, with their next fire times. */
export async function listSchedules(context: QueueContext): Promise<ScheduledRun[]> {
  const queue = runQueue(context);
  try {
    return await listOn(queue);
  } finally {
    await queue.close();
  }
}

async function listOn(queue: Queue<StartRunJobData>): Promise<ScheduledRun[]> {
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return schedulers
    .filter((s) => s.key.startsWith(ID_PREFIX))
    .map((s) => ({
      name: s.key.slice(ID_PREFIX.length),
      cron: s.pattern ?? '',
      timeZone: s.tz ?? null,
      next: s.next ? new Date(s.next) : null,
      data: (s.template?.data as StartRunJobData | undefined) ?? null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
