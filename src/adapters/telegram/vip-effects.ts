import type { ConnectionPool } from '@databases/pg';
import type { Api } from 'grammy';
import { getBotConfigRecent } from '../../domain/bot-config.ts';
import { lastVariants, rememberVariants } from '../../domain/voice-memory.ts';
import type { Logger } from '../../log.ts';
import type { Clock } from '../../runtime/clock.ts';
import { PermanentEffectError } from '../../runtime/errors.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import { renderMessage } from '../../voice/index.ts';
import type { ApiForEffect } from './bot.ts';
import { callTelegram, isTelegramError } from './errors.ts';
import { keyboards, type SayValues, sayings } from './say.ts';

export interface VipEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  clock: Clock;
  timeZone: string;
  log: Logger;
}

const INVITE_LINK_HOURS = 24;

/**
 * How long a removal keeps the person out of the VIP channel. Telegram lifts such a ban by
 * itself (one under 30 seconds would be for ever), so a removal is one call and brings back one
 * chat_member update, where a ban lifted at once takes two of each: on a day when thousands of
 * memberships end, that is a third of the calls. A new link for the person lifts it sooner.
 */
export const REMOVAL_BAN_SECONDS = 60;

/**
 * Before a new link: a removal of ours still running (a ban that ends within
 * REMOVAL_BAN_SECONDS, not one for ever, which an admin's expulsion is) would keep the person
 * from joining with it, so it is lifted. A failed lookup costs nothing but the lift.
 */
async function liftRecentRemoval(
  api: Api,
  deps: VipEffectDeps,
  chatId: number,
  userId: number,
): Promise<void> {
  let member: Awaited<ReturnType<Api['getChatMember']>>;
  try {
    member = await api.getChatMember(chatId, userId);
  } catch (error) {
    deps.log.warn({ err: String(error), userId }, 'could not check for a recent removal before a new link');
    return;
  }
  const latest = Math.floor(deps.clock.now() / 1000) + REMOVAL_BAN_SECONDS;
  if (member.status === 'kicked' && member.until_date > 0 && member.until_date <= latest) {
    await callTelegram(() => api.unbanChatMember(chatId, userId, { only_if_banned: true }));
  }
}

async function vipChannel(db: ConnectionPool): Promise<number> {
  const { vipChannelId } = await getBotConfigRecent(db);
  if (vipChannelId === null) throw new PermanentEffectError('the VIP channel is not configured');
  return vipChannelId;
}

/**
 * The effects of the subscription machine: saying a catalogue message in the person's chat,
 * the one-use invitation link to the VIP channel, removal, and revoking a misused link.
 */
export function vipEffects(deps: VipEffectDeps): Record<string, EffectHandler> {
  return {
    'telegram.say': async (raw, context) => {
      const api = deps.api(context);
      const {
        userId,
        say,
        params = {},
        keyboard,
      } = raw as { userId: number; say: string; params?: SayValues; keyboard?: string };
      const saying = sayings[say];
      if (!saying) throw new PermanentEffectError(`no message ${say} in the catalogue`);
      const last = await lastVariants(deps.db, userId, [saying.message.key]);
      const { text, variant } = renderMessage(
        saying.message,
        saying.params(params, { timeZone: deps.timeZone, now: deps.clock.now() }) as never,
        last.get(saying.message.key),
      );
      const build = keyboard ? keyboards[keyboard] : undefined;
      const markup = build ? build(params, await getBotConfigRecent(deps.db)) : undefined;
      const sent = await callTelegram(() =>
        api.sendMessage(userId, text, { parse_mode: 'HTML', reply_markup: markup }),
      );
      rememberVariants(deps.db, userId, new Map([[saying.message.key, variant]]));
      return { messageId: sent.message_id };
    },

    'telegram.createVipInvite': async (raw, context) => {
      const api = deps.api(context);
      const { userId } = raw as { userId: number };
      const chatId = await vipChannel(deps.db);
      await liftRecentRemoval(api, deps, chatId, userId);
      const link = await callTelegram(() =>
        api.createChatInviteLink(chatId, {
          name: `vip:${userId}`,
          member_limit: 1,
          expire_date: Math.floor(deps.clock.now() / 1000) + INVITE_LINK_HOURS * 3600,
        }),
      );
      return { inviteLink: link.invite_link };
    },

    'telegram.removeFromVip': async (raw, context) => {
      const api = deps.api(context);
      const { userId } = raw as { userId: number };
      const chatId = await vipChannel(deps.db);
      // A ban that ends by itself: the person may come back later with a new invitation.
      const untilDate = Math.floor(deps.clock.now() / 1000) + REMOVAL_BAN_SECONDS;
      await callTelegram(() => api.banChatMember(chatId, userId, { until_date: untilDate }));
      return { removed: true };
    },

    'telegram.revokeVipInvite': async (raw, context) => {
      const api = deps.api(context);
      const { inviteLink } = raw as { inviteLink: string };
      const chatId = await vipChannel(deps.db);
      try {
        await api.revokeChatInviteLink(chatId, inviteLink);
      } catch (error) {
        // A link that already expired or was revoked is as good as revoked.
        if (
          !isTelegramError(error, 400, 'INVITE_HASH_EXPIRED') &&
          !isTelegramError(error, 400, 'INVITE_HASH_INVALID')
        ) {
          return callTelegram(() => Promise.reject(error));
        }
      }
      return { revoked: true };
    },
  };
}
