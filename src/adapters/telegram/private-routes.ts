import type { Composer, Context } from 'grammy';
import { getMembership } from '../../domain/memberships.ts';
import { recordAdminRole, upsertUser } from '../../domain/users.ts';
import { actorId } from '../../runtime/registry.ts';
import { redeemInvitation } from './redemption.ts';
import { applyUpdate, type RouterDeps, speakerOf } from './updates.ts';

const START = /^\/start(?:@\w+)?(?:\s+(\S{1,64}))?\s*$/;
const HELP = /^\/help(?:@\w+)?\s*$/;

/** Text in the private chat: /start (with or without an invitation), /help, anything else. */
export function installPrivateRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.chatType('private').on('message:text', (ctx) => {
    const who = speakerOf(deps, ctx.from, ctx.chat.id);
    const text = ctx.message.text;
    const updateId = ctx.update.update_id;
    const start = START.exec(text);
    return applyUpdate(deps, ctx, ctx.chat.id, async () => {
      if (start?.[1]) return redeemInvitation(deps, ctx, start[1], who);
      if (start) {
        const from = ctx.from;
        return deps.host.transaction(async (tx, send) => {
          if (!(await deps.host.claimUpdate(tx, updateId))) return 'duplicate';
          const profile = {
            userId: from.id,
            username: from.username ?? null,
            firstName: from.first_name,
            lastName: from.last_name ?? null,
          };
          await upsertUser(tx, profile, deps.clock.date());
          await recordAdminRole(tx, who, deps.clock.date());
          // Someone in the middle of the VIP entry ritual picks it up where they left it.
          if ((await getMembership(tx, who.userId))?.status === 'ritual') {
            await send(actorId('subscription', who.userId), { type: 'RESUME' });
          }
          return (await send(actorId('conversation', who.userId), { type: 'START', payload: null, ...who }))
            .status;
        });
      }
      if (HELP.test(text)) {
        return (
          await deps.host.send(
            actorId('conversation', who.userId),
            { type: 'NAVIGATE', screen: 'help', messageId: null, ...who },
            { updateId },
          )
        ).status;
      }
      return (
        await deps.host.send(
          actorId('conversation', who.userId),
          { type: 'TEXT', text: text.slice(0, 4096), ...who },
          { updateId },
        )
      ).status;
    });
  });
}
