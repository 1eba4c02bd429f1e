import type { Context } from 'grammy';
import { getBotConfig } from '../../domain/bot-config.ts';
import { claimInvitation } from '../../domain/invitations.ts';
import { recordAdminRole, upsertUser } from '../../domain/users.ts';
import type { Speaker } from '../../machines/conversation.ts';
import { actorId } from '../../runtime/registry.ts';
import type { RouterDeps } from './updates.ts';

const HOUR = 3_600_000;

/**
 * `/start <code>`: the invitation is claimed in the same transaction as the subscription's
 * transition, so of any number of concurrent redemptions exactly one wins. Refusals (used,
 * expired, revoked, unknown, a withdrawn plan) go to the conversation, which explains them.
 * An admin opening a link is only told what it is; nothing is consumed.
 */
export async function redeemInvitation(
  deps: RouterDeps,
  ctx: Context,
  code: string,
  who: Speaker,
): Promise<string> {
  const updateId = ctx.update.update_id;
  const conversation = actorId('conversation', who.userId);
  return deps.host.transaction(async (tx, send) => {
    if (!(await deps.host.claimUpdate(tx, updateId))) return 'duplicate';
    const now = deps.clock.date();
    const from = ctx.from;
    if (from) {
      const profile = {
        userId: from.id,
        username: from.username ?? null,
        firstName: from.first_name,
        lastName: from.last_name ?? null,
      };
      await upsertUser(tx, profile, now);
    }
    await recordAdminRole(tx, who, now);
    if (who.admin) {
      await send(conversation, { type: 'INVITATION_INSPECTED', code, ...who });
      return 'inspected';
    }
    const claim = await claimInvitation(tx, code, who.userId, now);
    if (claim.status !== 'claimed') {
      await send(conversation, { type: 'INVITATION_REJECTED', reason: claim.status, ...who });
      return `rejected:${claim.status}`;
    }
    const config = await getBotConfig(tx);
    await send(actorId('subscription', who.userId), {
      type: 'REDEEMED',
      planId: claim.plan.id,
      planName: claim.plan.name,
      days: claim.plan.durationDays,
      code,
      firstName: who.firstName,
      reminderLeadsMs: config.reminderLeadHours.map((h) => h * HOUR),
    });
    return 'redeemed';
  });
}
