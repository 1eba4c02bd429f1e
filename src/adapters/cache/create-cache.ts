import { moduleLogger } from '../../log.ts';
import { MemoryCache } from './memory-cache.ts';
import { NearCache } from './near-cache.ts';
import { NoCache } from './no-cache.ts';
import { RedisCache } from './redis-cache.ts';
import type { CacheOptions, SnapshotCache } from './types.ts';

/**
 * Redis when a URL is given (with a near cache of what this process wrote), else an in-process LRU; `mode` memory forces the LRU, off a cache
 * that stores nothing (every read goes to Postgres). Never rejects for an unreachable Redis: the
 * cache then starts degraded and keeps retrying, because the app runs correctly without it.
 */
export async function createCache(options: CacheOptions): Promise<SnapshotCache> {
  const log = options.log ?? moduleLogger('cache');
  const mode = options.mode ?? 'auto';
  if (mode === 'off') return new NoCache();
  if (mode === 'memory' || options.redisUrl === undefined) return new MemoryCache(options.maxEntries);
  const redis = new RedisCache(options.redisUrl, options.prefix ?? 'lucien:', log);
  await redis.firstAttempt();
  return new NearCache(redis, options.maxEntries);
}
