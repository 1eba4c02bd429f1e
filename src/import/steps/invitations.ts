import { insertLegacyInvitations, knownCodes, type LegacyInvitation } from '../../domain/legacy-catalogue.ts';
import type { ImportSkipReason } from '../../voice/es/import.ts';
import { chunks, type ImportContext } from '../context.ts';
import type { LegacyRow } from '../schema.ts';
import { Tally } from '../tally.ts';
import { flag, instant, text, whole } from '../values.ts';

const HOUR_MS = 3_600_000;
/** What a /start deep link carries, as Lucien's table checks it. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A legacy token as a Lucien code. Its validity was `duration_hours` from `created_at`; a used
 * one stays used by whom and when; one marked used without saying by whom is kept revoked, so
 * that it can never open the door again.
 */
function toInvitation(
  ctx: ImportContext,
  row: LegacyRow<'invitation_tokens'>,
): LegacyInvitation | ImportSkipReason {
  const legacyPlan = whole(row.plan_id);
  if (legacyPlan === null) return 'no_plan';
  const plan = ctx.plans.get(legacyPlan);
  if (!plan) return ctx.plansSkipped.has(legacyPlan) ? 'plan_skipped' : 'plan_missing';
  const code = text(row.token);
  if (code === null || !CODE_SHAPE.test(code)) return 'bad_code';
  const createdAt = instant(row.created_at);
  const hours = whole(row.duration_hours);
  if (createdAt === null) return 'bad_dates';
  if (hours === null || hours <= 0) return 'bad_validity';
  const used = flag(row.used);
  const usedBy = used ? whole(row.used_by) : null;
  const usedAt = used ? (instant(row.used_at) ?? createdAt) : null;
  return {
    code,
    planId: plan.id,
    createdBy: whole(row.generated_by) ?? 0,
    createdAt,
    expiresAt: createdAt + hours * HOUR_MS,
    usedBy,
    usedAt: usedBy === null ? null : usedAt,
    revokedAt: used && usedBy === null ? usedAt : null,
  };
}

/** Invitation codes, in batches; a code Lucien already has is left as it is. */
export async function importInvitations(ctx: ImportContext): Promise<Tally> {
  const tally = new Tally('invitations');
  const rows = await ctx.source.rows('invitation_tokens');
  tally.read = rows.length;
  ctx.progress.start('invitations', rows.length);
  for (const row of rows) {
    const id = whole(row.id);
    if (id !== null) ctx.tokenPlans.set(id, whole(row.plan_id));
  }
  for (const batch of chunks(rows, ctx.batchSize)) {
    const invitations: LegacyInvitation[] = [];
    for (const row of batch) {
      const invitation = toInvitation(ctx, row);
      if (typeof invitation === 'string') tally.skip(invitation);
      else invitations.push(invitation);
    }
    const known = ctx.target
      ? await knownCodes(
          ctx.target,
          invitations.map((i) => i.code),
        )
      : new Set<string>();
    const fresh = invitations.filter((i) => !known.has(i.code));
    tally.already += known.size;
    tally.imported += ctx.dryRun ? fresh.length : await insertLegacyInvitations(ctx.db, fresh);
    ctx.progress.advance(batch.length);
  }
  return tally;
}
