import { type Queryable, sql } from '@databases/pg';
import type { OutboxEffect } from './types.ts';

/** How long an effect belongs to the process that wrote it before a sweeper may take it. */
export const EFFECT_LEASE_SECONDS = 120;

interface OutboxRow {
  id: number;
  actor_id: string;
  idempotency_key: string;
  effect_type: string;
  params: Record<string, unknown>;
  reply_event: string | null;
  attempts: number;
}

function toEffect(row: OutboxRow): OutboxEffect {
  return {
    id: row.id,
    actorId: row.actor_id,
    idempotencyKey: row.idempotency_key,
    type: row.effect_type,
    params: row.params,
    replyEvent: row.reply_event,
    attempts: row.attempts,
  };
}

/** Marks an effect done; false when it was no longer pending (someone else finished it). */
export async function markEffectDone(db: Queryable, id: number): Promise<boolean> {
  const rows = await db.query(sql`
    UPDATE outbox SET status = 'done', done_at = now(), attempts = attempts + 1
    WHERE id = ${id} AND status = 'pending' RETURNING id`);
  return rows.length === 1;
}

/** Marks many effects done in one statement (the executor's group commit). */
export async function markEffectsDone(db: Queryable, ids: number[]): Promise<void> {
  await db.query(sql`
    UPDATE outbox SET status = 'done', done_at = now(), attempts = attempts + 1
    WHERE id = ANY(${ids}) AND status = 'pending'`);
}

export async function markEffectFailed(db: Queryable, id: number, error: string): Promise<boolean> {
  const rows = await db.query(sql`
    UPDATE outbox SET status = 'failed', done_at = now(), attempts = attempts + 1, last_error = ${error}
    WHERE id = ${id} AND status = 'pending' RETURNING id`);
  return rows.length === 1;
}

/** Puts an effect back for a later attempt (after a 429 or a network failure). */
export async function retryEffectLater(
  db: Queryable,
  id: number,
  delayMs: number,
  error: string,
): Promise<void> {
  await db.query(sql`
    UPDATE outbox
    SET attempts = attempts + 1, last_error = ${error}, available_at = now() + ${delayMs} * interval '1 millisecond'
    WHERE id = ${id} AND status = 'pending'`);
}

/**
 * Takes effects whose lease ran out (their process crashed or gave them back), oldest first,
 * extending the lease so that two sweepers never take the same row.
 */
export async function claimStaleEffects(db: Queryable, limit: number): Promise<OutboxEffect[]> {
  const rows = await db.query(sql`
    UPDATE outbox SET available_at = now() + ${EFFECT_LEASE_SECONDS} * interval '1 second'
    WHERE id IN (
      SELECT id FROM outbox WHERE done_at IS NULL AND available_at <= now()
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id, actor_id, idempotency_key, effect_type, params, reply_event, attempts`);
  return (rows as OutboxRow[]).sort((a, b) => a.id - b.id).map(toEffect);
}
