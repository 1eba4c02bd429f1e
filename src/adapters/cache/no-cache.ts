import type { CacheHealth, CacheStats, SnapshotCache } from './types.ts';

/**
 * The cache used with CACHE=off: stores nothing, so every snapshot is read from Postgres. For
 * measuring what the cache is worth, and for running with the least memory; every read counts as a miss.
 */
export class NoCache implements SnapshotCache {
  readonly #stats: CacheStats = { hits: 0, misses: 0, errors: 0 };

  async get(): Promise<string | undefined> {
    this.#stats.misses++;
    return undefined;
  }

  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    this.#stats.misses += keys.length;
    return keys.map(() => undefined);
  }

  async set(): Promise<void> {}

  async del(): Promise<void> {}

  health(): CacheHealth {
    return { kind: 'off', status: 'ok' };
  }

  stats(): CacheStats {
    return { ...this.#stats };
  }

  async close(): Promise<void> {}
}
