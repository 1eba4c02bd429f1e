import type { ConnectionPool } from '@databases/pg';
import type { Api } from 'grammy';
import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { z } from 'zod';
import { type BotConfig, getBotConfigRecent } from '../../domain/bot-config.ts';
import { createPost, getPost, markPostPublished, type Post, reactionCounts } from '../../domain/posts.ts';
import type { Clock } from '../../runtime/clock.ts';
import { PermanentEffectError } from '../../runtime/errors.ts';
import type { EffectHandler } from '../../runtime/types.ts';
import type { ApiForEffect } from './bot.ts';
import { callTelegram, classifyTelegramError, isTelegramError } from './errors.ts';
import { encodeReaction } from './reaction-callback-data.ts';

export interface PostEffectDeps {
  api: ApiForEffect;
  db: ConnectionPool;
  clock: Clock;
}

const publishParams = z.object({
  channel: z.enum(['vip', 'free']),
  draft: z.object({
    kind: z.enum(['text', 'photo', 'video']),
    text: z.string(),
    fileId: z.string().min(1).optional(),
  }),
  reactions: z.boolean(),
  adminId: z.number().int(),
});
export type PublishPostParams = z.input<typeof publishParams>;

const refreshParams = z.object({ postId: z.number().int().positive() });

function parseParams<T>(schema: z.ZodType<T>, raw: unknown, effect: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new PermanentEffectError(`${effect}: bad params: ${parsed.error.message}`);
  return parsed.data;
}

/** The channel a post goes to and the emoji it offers, from the settings of the moment. */
function channelOf(
  config: Pick<BotConfig, 'vipChannelId' | 'freeChannelId' | 'vipReactions' | 'freeReactions'>,
  channel: 'vip' | 'free',
): { chatId: number | null; emoji: string[] } {
  return channel === 'vip'
    ? { chatId: config.vipChannelId, emoji: config.vipReactions }
    : { chatId: config.freeChannelId, emoji: config.freeReactions };
}

/** One row of buttons: "emoji count", the count left out while it is 0. None without emoji. */
export function reactionKeyboard(
  postId: number,
  emoji: readonly string[],
  counts: readonly number[],
): InlineKeyboardMarkup | undefined {
  if (emoji.length === 0) return undefined;
  return {
    inline_keyboard: [
      emoji.map((e, index) => {
        const count = counts[index] ?? 0;
        return { text: count > 0 ? `${e} ${count}` : e, callback_data: encodeReaction(postId, index) };
      }),
    ],
  };
}

function sendPost(api: Api, post: Post): Promise<Message> {
  return sendContent(api, post.chatId, post, reactionKeyboard(post.id, post.reactions, []));
}

/** Text (HTML) or a photo or video with its caption, as a post looks; also the admin's preview. */
export function sendContent(
  api: Api,
  chatId: number,
  content: { kind: 'text' | 'photo' | 'video'; text: string; fileId?: string | null },
  reply_markup?: InlineKeyboardMarkup,
): Promise<Message> {
  const fileId = content.fileId ?? '';
  switch (content.kind) {
    case 'text':
      return api.sendMessage(chatId, content.text, { parse_mode: 'HTML', reply_markup });
    case 'photo':
      return api.sendPhoto(chatId, fileId, { caption: content.text, parse_mode: 'HTML', reply_markup });
    case 'video':
      return api.sendVideo(chatId, fileId, { caption: content.text, parse_mode: 'HTML', reply_markup });
  }
}

/**
 * Channel posts: publishing one with its reaction buttons, and redrawing the buttons with the
 * current counts (asked for by the post actor, which coalesces bursts of reactions).
 */
export function postEffects(deps: PostEffectDeps): Record<string, EffectHandler> {
  return {
    /**
     * A retry after a crash finds the row made with the same idempotency key and does not send
     * again once the message id is stored. (A crash between Telegram's answer and storing the
     * id cannot be told from a send that never happened: that one case posts twice.)
     */
    'telegram.publishPost': async (raw, context) => {
      const api = deps.api(context);
      const { channel, draft, reactions, adminId } = parseParams(publishParams, raw, 'telegram.publishPost');
      const { chatId, emoji } = channelOf(await getBotConfigRecent(deps.db), channel);
      if (chatId === null) throw new PermanentEffectError(`the ${channel} channel is not configured`);
      if ((draft.kind === 'text') !== (draft.fileId === undefined))
        throw new PermanentEffectError(`telegram.publishPost: a ${draft.kind} draft with the wrong file id`);
      const post = await createPost(deps.db, {
        channelRole: channel,
        chatId,
        kind: draft.kind,
        text: draft.text,
        fileId: draft.fileId ?? null,
        reactions: reactions ? emoji : [],
        createdBy: adminId,
        now: deps.clock.date(),
        idempotencyKey: context.idempotencyKey,
      });
      if (post.messageId !== null) return { postId: post.id, messageId: post.messageId };
      const sent = await callTelegram(() => sendPost(api, post));
      await markPostPublished(deps.db, post.id, sent.message_id, deps.clock.date());
      return { postId: post.id, messageId: sent.message_id };
    },

    'telegram.refreshReactions': async (raw, context) => {
      const api = deps.api(context);
      const { postId } = parseParams(refreshParams, raw, 'telegram.refreshReactions');
      const post = await getPost(deps.db, postId);
      if (!post) throw new PermanentEffectError(`no post ${postId}`);
      if (post.messageId === null || post.reactions.length === 0) return { refreshed: false };
      const { chatId, messageId } = post;
      const counts = await reactionCounts(deps.db, postId);
      const reply_markup = reactionKeyboard(postId, post.reactions, counts);
      try {
        await api.editMessageReplyMarkup(chatId, messageId, { reply_markup });
      } catch (error) {
        // The buttons already show these counts (an earlier refresh, or a retry of this one).
        if (isTelegramError(error, 400, 'message is not modified')) return { refreshed: true, counts };
        throw classifyTelegramError(error);
      }
      return { refreshed: true, counts };
    },
  };
}
