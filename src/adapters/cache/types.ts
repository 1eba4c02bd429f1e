import type { Logger } from '../../log.ts';

/** What /health reports for the cache. `detail` is a short reason, never a URL or a secret. */
export interface CacheHealth {
  kind: 'redis' | 'memory' | 'off';
  status: 'ok' | 'degraded';
  detail?: string;
}

/**
 * Counters since start. `misses` are lookups the cache answered with "not here"; `errors` are
 * calls the cache could not serve at all (Redis down or failing), which callers also see as misses.
 */
export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * The actor snapshot cache. Postgres is the truth and this is only an accelerator, so no method
 * ever rejects: a failure reads as a miss and a write that cannot be made is dropped.
 */
export interface SnapshotCache {
  /** The value, or undefined on a miss or a failure. */
  get(key: string): Promise<string | undefined>;
  /** Values in the order of `keys`; one round trip on Redis. */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  /** Stores `value` for `ttlSeconds` (fractions allowed, at least 1 ms). */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  health(): CacheHealth;
  stats(): CacheStats;
  /** Releases the connection; further calls are misses and no-ops. Idempotent. */
  close(): Promise<void>;
}

/** auto: Redis when a URL is given, else in-process; memory: in-process even with a URL; off: no cache. */
export type CacheMode = 'auto' | 'memory' | 'off';

export interface CacheOptions {
  /** Redis when given (and `mode` is auto); an in-process LRU otherwise. */
  redisUrl?: string;
  /** Default auto. */
  mode?: CacheMode;
  /** Capacity of the in-process LRU (default 10,000). */
  maxEntries?: number;
  /** Prepended to every Redis key (default `lucien:`), so several apps can share one Redis. */
  prefix?: string;
  log?: Logger;
}
