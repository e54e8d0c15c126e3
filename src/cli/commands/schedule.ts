// `censorwatch schedule apply|list`: the named schedules of censorwatch.yaml as job schedulers on the queue.
import { loadConfig } from '../../config/load-config.ts';
import { settings } from '../../config/settings.ts';
import { farmRedis } from '../farm-redis.ts';
import { applySchedules, listSchedules, type ScheduledRun } from '../../../queue/schedules.ts';
import type { QueueContext } from '../../../queue/queue-context.ts';

async function withQueue<T>(action: (context: QueueContext) => Promise<T>): Promise<T> {
  const redis = farmRedis();
  try {
    return await action({ redisUrl: await redis.start(), prefix: settings().queuePrefix });
  } finally {
    await redis.stop();
  }
}

export function formatSchedules(schedules: readonly ScheduledRun[]): string {
  if (schedules.length === 0) return 'no schedules\n';
  const rows = schedules.map((s) => [
    s.name,
    s.cron,
    s.timeZone ?? 'UTC',
    s.next?.toISOString() ?? 'unknown',
    s.data
      ? `${typeof s.data.devices === 'string' ? s.data.devices : JSON.stringify(s.data.devices)}${s.data.targets ? ` › ${s.data.targets.join(',')}` : ''}`
      : '',
  ]);
  const head = ['schedule', 'cron', 'time zone', 'next', 'phones'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}

export async function scheduleApplyCommand(options: { config: string }): Promise<void> {
  const config = loadConfig(options.config);
  const applied = await withQueue((context) => applySchedules(context, config.schedules));
  for (const kind of ['added', 'changed', 'unchanged', 'removed'] as const) {
    if (applied[kind].length > 0) process.stdout.write(`${kind}: ${applied[kind].join(', ')}\n`);
  }
  process.stdout.write(formatSchedules(applied.schedules));
}

export async function scheduleListCommand(): Promise<void> {
  process.stdout.write(formatSchedules(await withQueue((context) => listSchedules(context))));
}
