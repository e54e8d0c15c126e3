// The farm's Redis for commands that talk to a running farm: REDIS_URL, else the one on 127.0.0.1:6379, never a private one (it would be empty, with no workers).
import { settings } from '../config/settings.ts';
import { RedisService } from '../services/redis-service.ts';

/** @throws ServiceError naming the URL when that Redis does not answer */
export function farmRedis(): RedisService {
  return new RedisService({ redisUrl: settings().redisUrl ?? 'redis://127.0.0.1:6379' });
}
