import { type Queryable, sql } from '@databases/pg';
import type { EventObject } from 'xstate';

export interface ScheduledTimer {
  id: string;
  dueAt: Date;
}

export interface DueTimer extends ScheduledTimer {
  actorId: string;
}

/**
 * Takes a timer that is firing. No row means it was cancelled or has already fired, and the
 * caller must do nothing: this is what makes a job delivered twice harmless.
 */
export async function takeTimer(
  db: Queryable,
  timerId: string,
): Promise<{ actorId: string; event: EventObject; dueAt: Date } | undefined> {
  const rows = await db.query(
    sql`DELETE FROM actor_timers WHERE id = ${timerId} RETURNING actor_id, event, due_at`,
  );
  const row = rows[0] as { actor_id: string; event: EventObject; due_at: Date } | undefined;
  return row && { actorId: row.actor_id, event: row.event, dueAt: row.due_at };
}

/**
 * Takes many timers at once (the rows are the claim: a timer taken is fired once); those already
 * taken or cancelled are not returned. Ordered by actor, then due time: one lock order, and each
 * actor's timers in the order they fall due.
 */
export async function takeTimers(
  db: Queryable,
  timerIds: string[],
): Promise<{ id: string; actorId: string; event: EventObject; dueAt: Date }[]> {
  const rows = (await db.query(
    sql`DELETE FROM actor_timers WHERE id = ANY (${timerIds}::uuid[]) RETURNING id, actor_id, event, due_at`,
  )) as { id: string; actor_id: string; event: EventObject; due_at: Date }[];
  return rows
    .map((r) => ({ id: r.id, actorId: r.actor_id, event: r.event, dueAt: r.due_at }))
    .sort((a, b) =>
      a.actorId < b.actorId ? -1 : a.actorId > b.actorId ? 1 : a.dueAt.getTime() - b.dueAt.getTime(),
    );
}

/** Timers due before `until` (clock time), oldest first. */
export async function timersDueBefore(db: Queryable, until: Date, limit: number): Promise<DueTimer[]> {
  const rows = await db.query(
    sql`SELECT id, actor_id, due_at FROM actor_timers WHERE due_at <= ${until} ORDER BY due_at LIMIT ${limit}`,
  );
  return rows.map((r: { id: string; actor_id: string; due_at: Date }) => ({
    id: r.id,
    actorId: r.actor_id,
    dueAt: r.due_at,
  }));
}
