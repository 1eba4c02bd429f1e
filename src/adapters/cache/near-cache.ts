import { MemoryCache } from './memory-cache.ts';
import type { CacheHealth, CacheStats, SnapshotCache } from './types.ts';

/**
 * Redis with a near cache in front: what this process wrote it reads back from its own memory,
 * without a round trip; anything else comes from Redis. Only values written here enter the near
 * cache (with the TTL they were written with), so it never holds a value longer than Redis
 * would. Another instance may since have written a newer value; for actor snapshots that is
 * safe, because every write is checked against the version in Postgres and a stale read ends in
 * a conflict and a fresh read.
 */
export class NearCache implements SnapshotCache {
  readonly #near: MemoryCache;

  constructor(
    private readonly far: SnapshotCache,
    maxEntries = 10_000,
  ) {
    this.#near = new MemoryCache(maxEntries);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#near.get(key)) ?? this.far.get(key);
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    const near = await this.#near.getMany(keys);
    const missing = keys.filter((_, i) => near[i] === undefined);
    const far = missing.length > 0 ? await this.far.getMany(missing) : [];
    let next = 0;
    return near.map((value) => value ?? far[next++]);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#near.set(key, value, ttlSeconds);
    await this.far.set(key, value, ttlSeconds);
  }

  async del(key: string): Promise<void> {
    await this.#near.del(key);
    await this.far.del(key);
  }

  health(): CacheHealth {
    return this.far.health();
  }

  /** Hits in either; a near miss that Redis answered is a hit, one it did not a miss. */
  stats(): CacheStats {
    const near = this.#near.stats();
    const far = this.far.stats();
    return { hits: near.hits + far.hits, misses: far.misses, errors: far.errors };
  }

  async close(): Promise<void> {
    await this.#near.close();
    await this.far.close();
  }
}
