export { createCache } from './create-cache.ts';
export { MemoryCache } from './memory-cache.ts';
export { NearCache } from './near-cache.ts';
export { NoCache } from './no-cache.ts';
export { RedisCache } from './redis-cache.ts';
export type { CacheHealth, CacheMode, CacheOptions, CacheStats, SnapshotCache } from './types.ts';
