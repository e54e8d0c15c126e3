// `censorwatch devices --farm`: the live registry of every farm host sharing this Redis, as a table or JSON.
import { Redis } from 'ioredis';
import { settings } from '../../config/settings.ts';
import { ServiceError } from '../../errors.ts';
import { readRegistry } from '../../registry/read-registry.ts';
import type { RegistryView } from '../../registry/registry-view.ts';
import { pingRedis, redactUrl } from '../../services/redis-service.ts';
import { printable } from '../../report/run-summary.ts';
import { textTable } from '../text-table.ts';

const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** The registry in the farm's Redis: REDIS_URL, else one on 127.0.0.1:6379 (a private Redis would be empty). */
export async function readFarmRegistry(): Promise<RegistryView> {
  const url = settings().redisUrl ?? DEFAULT_URL;
  try {
    await pingRedis(url);
  } catch (error) {
    throw new ServiceError(
      `the farm's Redis at ${redactUrl(url)} does not answer (${error instanceof Error ? error.message : String(error)}): set REDIS_URL to the Redis your farm hosts share`,
      { cause: error },
    );
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    return await readRegistry(redis, settings().queuePrefix);
  } finally {
    redis.disconnect();
  }
}

/** Hosts, then one line per phone; a phone that is not ready says why. */
export function formatRegistry(view: RegistryView, now: Date = new Date()): string {
  if (view.hosts.length === 0 && view.unreadable.length === 0) {
    return 'the registry lists no farm host: start `censorwatch farm` on a host with this REDIS_URL';
  }
  const ago = (iso: string | null) =>
    iso === null
      ? 'never'
      : `${Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000))} s ago`;
  const hosts = table(
    ['host', 'status', 'pid', 'last heartbeat', 'phones'],
    view.hosts.map((h) => [
      h.host,
      h.status,
      String(h.pid),
      ago(h.lastHeartbeat),
      String(h.phones),
    ]),
  );
  const phones = table(
    ['device', 'host', 'serial', 'status', 'battery', 'batch', 'last seen'],
    view.phones.map((p) => [
      p.deviceId,
      p.host,
      p.serial ?? '-',
      p.status,
      p.battery ? `${p.battery.level} %${p.battery.charging ? ' charging' : ''}` : '?',
      p.currentJob ? `${p.currentJob.runId}/${p.currentJob.batchId}` : '-',
      ago(p.lastSeen),
    ]),
  );
  const why = view.phones.flatMap((p) => (p.why ? [`${p.deviceId}: ${p.why}`] : []));
  if (why.length > 0) why.unshift('');
  const unreadable = view.unreadable.map(
    (u) => `registry field "${u.field}" is not a heartbeat: ${u.reason}`,
  );
  return [hosts, '', phones, ...[...why, ...unreadable].map(printable)].join('\n');
}

/** Text out of Redis or off a phone may hold control characters that would move the cursor. */
function table(headers: readonly string[], rows: readonly string[][]): string {
  return textTable(
    headers,
    rows.map((cells) => cells.map(printable)),
  );
}
