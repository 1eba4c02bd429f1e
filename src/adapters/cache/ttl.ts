/**
 * Both kinds store milliseconds, so fractional TTLs work; a zero or negative TTL would mean
 * "forever" to lru-cache and an error to Redis, so it becomes the shortest possible life instead.
 */
export function ttlMilliseconds(ttlSeconds: number): number {
  return Number.isFinite(ttlSeconds) ? Math.max(1, Math.round(ttlSeconds * 1000)) : 1;
}
