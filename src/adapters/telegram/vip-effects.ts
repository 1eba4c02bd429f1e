import type { ConnectionPool } from '@databases/pg';
import { getBotConfigRecent } from '../../domain/bot-config.ts';
import { lastVariants, rememberVariants } from '../../domain/voice-memory.ts';
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
}

const INVITE_LINK_HOURS = 24;

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
      await callTelegram(() => api.banChatMember(chatId, userId));
      // Lifting the ban at once lets the person come back later with a new invitation.
      await callTelegram(() => api.unbanChatMember(chatId, userId, { only_if_banned: true }));
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
