import { LRUCache } from 'lru-cache';
import { ttlMilliseconds } from './ttl.ts';
import type { CacheHealth, CacheStats, SnapshotCache } from './types.ts';

/** The cache used when REDIS_URL is unset: bounded by entry count, entries expire by their TTL. */
export class MemoryCache implements SnapshotCache {
  readonly #entries: LRUCache<string, string>;
  readonly #stats: CacheStats = { hits: 0, misses: 0, errors: 0 };

  constructor(maxEntries = 10_000) {
    this.#entries = new LRUCache<string, string>({ max: maxEntries });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#lookup(key);
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return keys.map((key) => this.#lookup(key));
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.set(key, value, { ttl: ttlMilliseconds(ttlSeconds) });
  }

  async del(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  health(): CacheHealth {
    return { kind: 'memory', status: 'ok' };
  }

  stats(): CacheStats {
    return { ...this.#stats };
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }

  #lookup(key: string): string | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) this.#stats.misses++;
    else this.#stats.hits++;
    return value;
  }
}
