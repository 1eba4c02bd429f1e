import type { Queryable } from '@databases/pg';
import { computeStats, type Stats } from '../../../domain/stats.ts';

/** What the stats need of the cache: `SnapshotCache` fits (it never rejects; a failure is a miss). */
export interface StatsCacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** Bumped whenever `Stats` changes shape, so an old entry is never read as a new one. */
export const STATS_CACHE_KEY = 'stats:v1';
/** The periods ("today", "this week") depend on the time zone, so each zone has its entry. */
const keyOf = (timeZone: string) => `${STATS_CACHE_KEY}:${timeZone}`;
/** The observations are a glance, not a ledger: five minutes old is recent enough. */
export const STATS_TTL_SECONDS = 300;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** JSON turns Dates into ISO strings; this turns them back. `Stats` holds no other such strings. */
const reviveDates = (_key: string, value: unknown): unknown =>
  typeof value === 'string' && ISO_INSTANT.test(value) ? new Date(value) : value;

function parse(raw: string | undefined): Stats | undefined {
  if (raw === undefined) return undefined;
  try {
    const stats = JSON.parse(raw, reviveDates) as Stats;
    return stats.computedAt instanceof Date && !Number.isNaN(stats.computedAt.getTime()) ? stats : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The stats of `now`, served from the cache while younger than the TTL, otherwise computed and
 * stored. `fresh` always computes (the custodian pressed 🔄) and overwrites the entry. An entry
 * is also ignored when the clock says it is not of this moment (computed in the future, or
 * older than the TTL), which keeps a moved clock honest. A cache that fails reads as a miss.
 */
export async function cachedStats(deps: {
  db: Queryable;
  cache: StatsCacheStore;
  now: Date;
  timeZone: string;
  fresh: boolean;
  ttlSeconds?: number;
}): Promise<Stats> {
  const ttlSeconds = deps.ttlSeconds ?? STATS_TTL_SECONDS;
  const key = keyOf(deps.timeZone);
  if (!deps.fresh) {
    const cached = parse(await deps.cache.get(key).catch(() => undefined));
    const age = cached ? deps.now.getTime() - cached.computedAt.getTime() : Number.NaN;
    if (cached && age >= 0 && age < ttlSeconds * 1000) return cached;
  }
  const stats = await computeStats(deps.db, deps.now, deps.timeZone);
  await deps.cache.set(key, JSON.stringify(stats), ttlSeconds).catch(() => undefined);
  return stats;
}
