import type { ActorEvent } from '../../runtime/types.ts';
import { actorsFound, IMPORT_EVENT, sendImports } from '../actors.ts';
import type { ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { flag, instant, whole } from '../values.ts';

const MINUTE_MS = 60_000;

/**
 * Join requests to the free channel still pending in the previous bot: each person's latest
 * one goes to their `freeAccess` actor, whose wait resumes from the legacy request date (so it
 * is approved on its next timer if that wait is already over). Requests the previous bot
 * already handled stay behind.
 */
export async function importFreeRequests(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('freeRequests');
  const rows = await ctx.source.rows('free_channel_requests');
  tally.read = rows.length;
  ctx.progress.start('freeRequests', rows.length);
  const latest = new Map<number, { row: LegacyRow<'free_channel_requests'>; at: number }>();
  for (const row of rows) {
    const userId = whole(row.user_id);
    const at = instant(row.request_date);
    if (userId === null || userId <= 0) tally.skip('bad_user');
    else if (at === null) tally.skip('bad_dates');
    else if (flag(row.processed)) tally.skip('processed');
    else {
      const previous = latest.get(userId);
      if (previous) tally.skip('duplicate');
      if (!previous || previous.at <= at) latest.set(userId, { row, at });
    }
  }
  const chatId = ctx.config.freeChannelId;
  if (chatId === null) {
    tally.skip('no_free_channel', latest.size);
    ctx.progress.advance(rows.length);
    return tally;
  }
  ctx.progress.advance(rows.length - latest.size);
  const imports: { actorId: string; event: ActorEvent }[] = [...latest].map(([userId, { at }]) => ({
    actorId: `freeAccess:${userId}`,
    event: { type: IMPORT_EVENT, chatId, requestedAt: at, waitMs: ctx.config.freeWaitMinutes * MINUTE_MS },
  }));
  for (let i = 0; i < imports.length; i += ctx.batchSize) {
    const batch = imports.slice(i, i + ctx.batchSize);
    const existing = ctx.target
      ? await actorsFound(
          ctx.target,
          batch.map((b) => b.actorId),
        )
      : new Map();
    // A person with a request of their own in Lucien (or imported before) keeps it.
    const fresh = batch.filter((b) => {
      const actor = existing.get(b.actorId);
      return !actor || (actor.state === 'idle' && !actor.imported);
    });
    tally.already += batch.length - fresh.length;
    tally.imported += fresh.length;
    ctx.progress.advance(batch.length - fresh.length);
    if (!ctx.dryRun) await sendImports(ctx, fresh, (n) => ctx.progress.advance(n));
    else ctx.progress.advance(fresh.length);
  }
  return tally;
}
