import type { Composer, Context } from 'grammy';
import type { Message } from 'grammy/types';
import { greetUser, recordAdminRole } from '../../domain/users.ts';
import type { ConversationEvent, Speaker } from '../../machines/conversation.ts';
import { actorId } from '../../runtime/registry.ts';
import { entitiesToHtml } from './entities-html.ts';
import { redeemInvitation } from './redemption.ts';
import { applyUpdate, type RouterDeps, speakerOf } from './updates.ts';

const START = /^\/start(?:@\w+)?(?:\s+(\S{1,64}))?\s*$/;
const HELP = /^\/help(?:@\w+)?\s*$/;
const ADMIN = /^\/admin(?:@\w+)?\s*$/;

/** The channel a forwarded post came from, if it came from one. */
function forwardedChannel(message: Message): { id: number; title: string } | undefined {
  const origin = message.forward_origin;
  if (origin?.type === 'channel') return { id: origin.chat.id, title: origin.chat.title ?? '' };
  return undefined;
}

/** What a private message means to the conversation (commands with state are handled apart). */
function conversationEvent(message: Message, who: Speaker): ConversationEvent {
  const channel = forwardedChannel(message);
  if (channel) return { type: 'CHANNEL_FORWARDED', channelId: channel.id, title: channel.title, ...who };
  if (message.text !== undefined) {
    if (HELP.test(message.text)) return { type: 'NAVIGATE', screen: 'help', messageId: null, ...who };
    if (ADMIN.test(message.text)) return { type: 'ADMIN', action: { do: 'home' }, messageId: null, ...who };
    const text = message.text.slice(0, 8192);
    return { type: 'TEXT', text, html: entitiesToHtml(text, message.entities), ...who };
  }
  const caption = message.caption ?? '';
  const captionHtml = entitiesToHtml(caption, message.caption_entities);
  if (message.photo?.length) {
    const largest = message.photo[message.photo.length - 1];
    return { type: 'MEDIA', kind: 'photo', caption, captionHtml, fileId: largest?.file_id ?? null, ...who };
  }
  if (message.video) {
    return { type: 'MEDIA', kind: 'video', caption, captionHtml, fileId: message.video.file_id, ...who };
  }
  return { type: 'MEDIA', kind: 'other', caption, captionHtml, fileId: null, ...who };
}

/**
 * Messages in the private chat: /start (with or without an invitation), /help, /admin, text,
 * media and forwarded channel posts, each to the person's conversation.
 */
export function installPrivateRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.chatType('private').on('message', (ctx) => {
    const who = speakerOf(deps, ctx.from, ctx.chat.id);
    const updateId = ctx.update.update_id;
    const start =
      ctx.message.text !== undefined && !forwardedChannel(ctx.message) ? START.exec(ctx.message.text) : null;
    return applyUpdate(deps, ctx, ctx.chat.id, async () => {
      if (start?.[1]) return redeemInvitation(deps, ctx, start[1], who);
      if (start) {
        const from = ctx.from;
        const profile = {
          userId: from.id,
          username: from.username ?? null,
          firstName: from.first_name,
          lastName: from.last_name ?? null,
        };
        // The profile and the admin role are saved on their own: both writes are idempotent, so
        // an update Telegram delivers again repeats them harmlessly, and START takes the fast path.
        const { role, membershipStatus } = await greetUser(deps.db, profile, deps.clock.date());
        await recordAdminRole(deps.db, who, deps.clock.date(), role);
        const greet = { type: 'START', payload: null, ...who } as const;
        if (membershipStatus !== 'ritual') {
          return (await deps.host.send(actorId('conversation', who.userId), greet, { updateId })).status;
        }
        // Someone in the middle of the VIP entry ritual picks it up where they left it: two actors,
        // one claim, one transaction.
        return deps.host.transaction(async (tx, send) => {
          if (!(await deps.host.claimUpdate(tx, updateId))) return 'duplicate';
          await send(actorId('subscription', who.userId), { type: 'RESUME' });
          return (await send(actorId('conversation', who.userId), greet)).status;
        });
      }
      const event = conversationEvent(ctx.message, who);
      return (await deps.host.send(actorId('conversation', who.userId), event, { updateId })).status;
    });
  });
}
