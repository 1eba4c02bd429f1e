import type { LegacyMembership } from '../../machines/subscription.ts';
import type { ActorEvent } from '../../runtime/types.ts';
import { actorsFound, IMPORT_EVENT, sendImports } from '../actors.ts';
import { chunks, type ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { instant, text, whole } from '../values.ts';

const HOUR_MS = 3_600_000;

/** A legacy VIP subscriber as the facts of the import event, or why it cannot be one. */
function toMembership(
  ctx: ImportContext,
  row: LegacyRow<'vip_subscribers'>,
): { userId: number; facts: LegacyMembership } | 'bad_user' | 'bad_status' | 'bad_dates' {
  const userId = whole(row.user_id);
  if (userId === null || userId <= 0) return 'bad_user';
  const status = text(row.status)?.toLowerCase();
  const stage = whole(row.vip_entry_stage);
  if ((status !== 'active' && status !== 'expired') || (stage !== null && ![1, 2, 3].includes(stage)))
    return 'bad_status';
  const startedAt = instant(row.join_date);
  const expiresAt = instant(row.expiry_date);
  if (startedAt === null || expiresAt === null) return 'bad_dates';
  const tokenId = whole(row.token_id);
  const legacyPlan = tokenId === null ? null : (ctx.tokenPlans.get(tokenId) ?? null);
  const plan = legacyPlan === null ? undefined : ctx.plans.get(legacyPlan);
  return {
    userId,
    facts: {
      status,
      ritualStep: stage as 1 | 2 | 3 | null,
      planId: plan && plan.id > 0 ? plan.id : null,
      planName: plan?.name ?? null,
      firstName: ctx.firstNames.get(userId) ?? '',
      startedAt,
      expiresAt,
      reminderLeadsMs: ctx.config.reminderLeadHours.map((h) => h * HOUR_MS),
    },
  };
}

/**
 * VIP members: each `subscription` actor receives the import event and takes the state the
 * facts describe (active with its reminders and expiry timers, expired, or a ritual step).
 * An actor that already lives (the person redeemed in Lucien, or a previous import) is left.
 */
export async function importMemberships(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('memberships');
  const rows = await ctx.source.rows('vip_subscribers');
  tally.read = rows.length;
  ctx.progress.start('memberships', rows.length);
  for (const batch of chunks(rows, ctx.batchSize)) {
    const imports: { actorId: string; event: ActorEvent }[] = [];
    for (const row of batch) {
      const found = toMembership(ctx, row);
      if (typeof found === 'string') tally.skip(found);
      else
        imports.push({
          actorId: `subscription:${found.userId}`,
          event: { type: IMPORT_EVENT, ...found.facts },
        });
    }
    const existing = ctx.target
      ? await actorsFound(
          ctx.target,
          imports.map((i) => i.actorId),
        )
      : new Map();
    const fresh = imports.filter((i) => {
      const actor = existing.get(i.actorId);
      return !actor || (actor.state === 'none' && !actor.imported);
    });
    tally.already += imports.length - fresh.length;
    tally.imported += fresh.length;
    ctx.progress.advance(batch.length - fresh.length);
    if (!ctx.dryRun) await sendImports(ctx, fresh, (n) => ctx.progress.advance(n));
    else ctx.progress.advance(fresh.length);
  }
  return tally;
}
