// Reads the registry's heartbeats from Redis and shows them as of now.
import type { Redis } from 'ioredis';
import { registryKey } from './registry-records.ts';
import { registryView, type RegistryView } from './registry-view.ts';

export async function readRegistry(
  redis: Pick<Redis, 'hgetall'>,
  prefix: string,
  now: Date = new Date(),
): Promise<RegistryView> {
  return registryView(await redis.hgetall(registryKey(prefix)), now);
}
