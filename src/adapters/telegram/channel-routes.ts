import type { Composer, Context } from 'grammy';
import { getBotConfigRecent } from '../../domain/bot-config.ts';
import { actorId } from '../../runtime/registry.ts';
import { applyUpdate, type RouterDeps } from './updates.ts';

const INSIDE = new Set(['member', 'administrator', 'creator', 'restricted']);

/**
 * Joins and leaves in the VIP channel (chat_member updates) go to the person's subscription:
 * a join without a membership is link misuse, which the machine answers by removal.
 */
export function installChannelRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.on('chat_member', async (ctx) => {
    const update = ctx.chatMember;
    const person = update.new_chat_member.user;
    if (person.is_bot) return;
    const config = await getBotConfigRecent(deps.db);
    if (config.vipChannelId === null || update.chat.id !== config.vipChannelId) return;
    const wasInside = INSIDE.has(update.old_chat_member.status);
    const isInside = INSIDE.has(update.new_chat_member.status);
    if (wasInside === isInside) return;
    const subscription = actorId('subscription', person.id);
    const event = isInside
      ? { type: 'MEMBER_JOINED', inviteLink: update.invite_link?.invite_link ?? null }
      : { type: 'MEMBER_LEFT' };
    await applyUpdate(deps, ctx, undefined, () =>
      deps.host.send(subscription, event, { updateId: ctx.update.update_id }),
    );
  });
}
