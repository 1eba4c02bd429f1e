import { type Queryable, sql } from '@databases/pg';

/**
 * How long the runtime's bookkeeping is kept. Telegram gives up re-delivering an update after
 * 24 hours, so an update id older than a week can never come back; a done effect is only a
 * record of what went out. Failed effects stay (an operator may want them) and so does the
 * actors' event history.
 */
export const RETENTION_DAYS = 7;
/** Rows deleted per statement, so that no statement holds locks or bloats WAL for long. */
const BATCH = 5_000;
/** Statements per table and run at most: 100,000 rows a minute, far above any real traffic. */
const MAX_BATCHES = 20;

export interface Pruned {
  updates: number;
  effects: number;
}

async function prune(db: Queryable, statement: ReturnType<typeof sql>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const rows = (await db.query(statement)) as { n: number }[];
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < BATCH) break;
  }
  return total;
}

/**
 * Deletes claimed update ids and done effects older than `days`, in batches. Both
 * tables otherwise grow by a row per update and per message for as long as the bot runs.
 */
export async function pruneHistory(db: Queryable, days = RETENTION_DAYS): Promise<Pruned> {
  // Postgres's own clock, which wrote those timestamps; not the app's, which the sandbox's time
  // travel moves ahead (days of virtual time must not delete the update ids of a minute ago).
  const before = sql`now() - make_interval(days => ${days})`;
  const updates = await prune(
    db,
    sql`WITH gone AS (
          DELETE FROM processed_updates WHERE update_id IN (
            SELECT update_id FROM processed_updates WHERE processed_at < ${before} LIMIT ${BATCH})
          RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  const effects = await prune(
    db,
    sql`WITH gone AS (
          DELETE FROM outbox WHERE id IN (
            SELECT id FROM outbox
            -- done_at >= created_at: the first condition lets the BRIN index skip recent pages.
            WHERE created_at < ${before} AND status = 'done' AND done_at < ${before} LIMIT ${BATCH})
          RETURNING 1)
        SELECT count(*)::int AS n FROM gone`,
  );
  return { updates, effects };
}
