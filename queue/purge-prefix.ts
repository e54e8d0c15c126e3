// Deletes every key under a queue prefix (the lab's throw-away queues on a shared Redis).
import { Redis } from 'ioredis';
import type { QueueContext } from './queue-context.ts';

export async function purgePrefix(context: QueueContext): Promise<number> {
  const redis = new Redis(context.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${context.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
