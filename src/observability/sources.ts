import { type Queryable, sql } from '@databases/pg';
import type PgBoss from 'pg-boss';
import { MAINTENANCE_QUEUE, TIMER_QUEUE } from '../adapters/queue/boss.ts';

/** Outbound effects committed but not done: the backlog a slow or refusing Telegram builds. */
export async function countPendingEffects(db: Queryable): Promise<number> {
  const [row] = await db.query(sql`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL`);
  return Number(row?.n ?? 0);
}

/** Jobs waiting (created or retrying, not yet active) in the runtime's pg-boss queues. */
export async function jobQueueSizes(boss: PgBoss): Promise<Record<string, number>> {
  const names = [TIMER_QUEUE, MAINTENANCE_QUEUE];
  const sizes = await Promise.all(names.map((name) => boss.getQueueSize(name)));
  return Object.fromEntries(names.map((name, i) => [name, sizes[i] ?? 0]));
}
