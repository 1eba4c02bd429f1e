import type { ConnectionPool } from '@databases/pg';
import { GrammyError } from 'grammy';
import type { ChatMember } from 'grammy/types';
import { getBotConfigRecent, updateBotConfig } from '../../domain/bot-config.ts';
import type { ChannelCheck, ChannelRole } from '../../machines/conversation/admin-view.ts';
import type { Clock } from '../../runtime/clock.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import { freeInviteLinkName } from '../../voice/index.ts';
import type { ApiForEffect } from './bot.ts';
import { callTelegram } from './errors.ts';

export interface ChannelEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  clock: Clock;
  botId: () => number;
}

/** What the bot lacks in a chat to run it as a channel of this bot. */
function missingRights(chatType: string, member: ChatMember): string[] {
  const missing: string[] = [];
  if (chatType !== 'channel') missing.push('not_a_channel');
  if (member.status === 'creator') return missing;
  if (member.status !== 'administrator') return [...missing, 'not_admin'];
  if (!member.can_invite_users) missing.push('can_invite_users');
  if (chatType === 'channel' && !member.can_post_messages) missing.push('can_post_messages');
  return missing;
}

/**
 * `telegram.checkChannel`: the admin forwarded a post from a channel. The bot asks Telegram
 * whether it is an administrator there with the rights it needs; if so the channel is stored
 * (for the free channel with its join-request link, created or reused), otherwise the reply
 * says precisely what is missing.
 */
export function channelEffects(deps: ChannelEffectDeps): Record<string, EffectHandler> {
  return {
    'telegram.checkChannel': async (raw, context): Promise<ChannelCheck> => {
      const api = deps.api(context);
      const { channelId, role, title } = raw as { channelId: number; role: ChannelRole; title: string };
      let chatType: string;
      let member: ChatMember;
      try {
        chatType = (await api.getChat(channelId)).type;
        member = await api.getChatMember(channelId, deps.botId());
      } catch (error) {
        if (error instanceof GrammyError && error.error_code < 500 && error.error_code !== 429) {
          return { ok: false, title, missing: ['unreachable'] };
        }
        return callTelegram(() => Promise.reject(error));
      }
      const missing = missingRights(chatType, member);
      if (missing.length > 0) return { ok: false, title, missing };
      const now = deps.clock.date();
      if (role === 'vip') {
        await updateBotConfig(deps.db, { vipChannelId: channelId }, now);
        return { ok: true, title };
      }
      const config = await getBotConfigRecent(deps.db);
      const link =
        config.freeChannelId === channelId && config.freeInviteLink
          ? config.freeInviteLink
          : (
              await callTelegram(() =>
                api.createChatInviteLink(channelId, {
                  name: freeInviteLinkName,
                  creates_join_request: true,
                }),
              )
            ).invite_link;
      await updateBotConfig(deps.db, { freeChannelId: channelId, freeInviteLink: link }, now);
      return { ok: true, title };
    },
  };
}
