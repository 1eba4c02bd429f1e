import { type Queryable, sql } from '@databases/pg';

/** Row counts of everything the importer writes, and the actors' total version: a second run must not move any. */
export async function importedCounts(db: Queryable): Promise<Record<string, number>> {
  const [row] = await db.query(sql`
    SELECT (SELECT count(*) FROM users)::int AS users,
           (SELECT count(*) FROM plans)::int AS plans,
           (SELECT count(*) FROM invitation_codes)::int AS codes,
           (SELECT count(*) FROM actors)::int AS actors,
           (SELECT COALESCE(sum(version), 0) FROM actors)::int AS actor_versions,
           (SELECT count(*) FROM actor_events)::int AS actor_events,
           (SELECT count(*) FROM actor_timers)::int AS timers,
           (SELECT count(*) FROM vip_memberships)::int AS memberships,
           (SELECT count(*) FROM free_requests)::int AS free_requests,
           (SELECT count(*) FROM content_packages)::int AS packages,
           (SELECT count(*) FROM interests)::int AS interests,
           (SELECT count(*) FROM role_changes)::int AS role_changes,
           (SELECT count(*) FROM outbox)::int AS outbox`);
  return row;
}
