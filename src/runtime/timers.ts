import { randomUUID } from 'node:crypto';
import { type Queryable, sql } from '@databases/pg';
import type { EventObject } from 'xstate';
import type { TimerRequest } from './actions.ts';

export interface ScheduledTimer {
  id: string;
  dueAt: Date;
}

/** Writes the machine's delayed events as rows, in the transition's transaction. */
export async function insertTimers(
  db: Queryable,
  actorId: string,
  timers: TimerRequest[],
  now: number,
): Promise<ScheduledTimer[]> {
  if (timers.length === 0) return [];
  const rows = timers.map((t) => ({ id: randomUUID(), dueAt: new Date(now + t.delayMs), t }));
  await db.query(sql`
    INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
    VALUES ${sql.join(
      rows.map(
        (r) => sql`(${r.id}, ${actorId}, ${r.t.sendId}, ${JSON.stringify(r.t.event)}::jsonb, ${r.dueAt})`,
      ),
      ', ',
    )}`);
  return rows.map(({ id, dueAt }) => ({ id, dueAt }));
}

/** Deletes the timers `xstate.cancel` names; returns their ids so their jobs can be cancelled. */
export async function deleteTimers(db: Queryable, actorId: string, sendIds: string[]): Promise<string[]> {
  if (sendIds.length === 0) return [];
  const rows = await db.query(
    sql`DELETE FROM actor_timers WHERE actor_id = ${actorId} AND send_id = ANY(${sendIds}) RETURNING id`,
  );
  return rows.map((r: { id: string }) => r.id);
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

/** Timers due before `until` (clock time), oldest first. */
export async function timersDueBefore(db: Queryable, until: Date, limit: number): Promise<ScheduledTimer[]> {
  const rows = await db.query(
    sql`SELECT id, due_at FROM actor_timers WHERE due_at <= ${until} ORDER BY due_at LIMIT ${limit}`,
  );
  return rows.map((r: { id: string; due_at: Date }) => ({ id: r.id, dueAt: r.due_at }));
}
