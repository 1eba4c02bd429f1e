import { type Queryable, sql } from '@databases/pg';
import type { ActorEvent } from '../runtime/types.ts';
import type { ImportContext } from './context.ts';

export const IMPORT_EVENT = 'LEGACY_IMPORTED';

/** The state of each of `ids` that exists, and whether it ever received the import event. */
export async function actorsFound(
  db: Queryable,
  ids: readonly string[],
): Promise<Map<string, { state: string; imported: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query(sql`
    SELECT a.id, a.state,
           EXISTS (SELECT 1 FROM actor_events e WHERE e.actor_id = a.id AND e.event_type = ${IMPORT_EVENT}) AS imported
    FROM actors a WHERE a.id = ANY(${ids}::text[])`);
  return new Map(
    rows.map((r: { id: string; state: string; imported: boolean }) => [
      r.id,
      { state: r.state, imported: r.imported },
    ]),
  );
}

/** The import wrote an outbound effect: a machine let the import speak to Telegram. */
export class ImportSpokeError extends Error {
  constructor(readonly actorIds: string[]) {
    super(`the import produced outbound effects for ${actorIds.join(', ')}`);
    this.name = 'ImportSpokeError';
  }
}

/**
 * Sends the import event to each actor through the real host, `actorBatchSize` actors per
 * transaction. The machines answer it with db effects and timers only; should one ever answer
 * with an outbound effect, the batch is rolled back before anything reaches Telegram.
 */
export async function sendImports(
  ctx: ImportContext,
  imports: readonly { actorId: string; event: ActorEvent }[],
  onBatch: (count: number) => void,
): Promise<void> {
  for (let i = 0; i < imports.length; i += ctx.actorBatchSize) {
    const batch = imports.slice(i, i + ctx.actorBatchSize);
    const ids = batch.map((b) => b.actorId);
    await ctx.host.transaction(async (tx, send) => {
      const [{ last }] = await tx.query(sql`SELECT COALESCE(max(id), 0) AS last FROM outbox`);
      for (const { actorId, event } of batch) await send(actorId, event);
      const spoke = await tx.query(
        sql`SELECT DISTINCT actor_id FROM outbox WHERE id > ${last} AND actor_id = ANY(${ids}::text[])`,
      );
      if (spoke.length > 0) throw new ImportSpokeError(spoke.map((r: { actor_id: string }) => r.actor_id));
    });
    const [{ timers }] = await ctx.db.query(
      sql`SELECT count(*)::int AS timers FROM actor_timers WHERE actor_id = ANY(${ids}::text[])`,
    );
    ctx.timersScheduled += timers;
    onBatch(batch.length);
  }
}
