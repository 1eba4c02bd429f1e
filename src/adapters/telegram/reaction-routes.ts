import type { Composer, Context } from 'grammy';
import type { MaybeInaccessibleMessage } from 'grammy/types';
import { getPost, type Post, type ReactionResult, setReaction } from '../../domain/posts.ts';
import { actorId } from '../../runtime/registry.ts';
import {
  reactionChanged,
  reactionNotRecorded,
  reactionRecorded,
  reactionUnavailable,
  reactionUnchanged,
} from '../../voice/es/reactions.ts';
import { renderMessage } from '../../voice/message.ts';
import { parseReaction } from './reaction-callback-data.ts';
import { applyUpdate, type RouterDeps } from './updates.ts';

/** What became of a press: a reaction result, a retried update, or nothing applied at all. */
type Outcome = { result: ReactionResult | 'duplicate' | 'failed'; channel: Post['channelRole'] };

const answers = {
  set: reactionRecorded,
  // A retried update was applied the first time; its answer may have been lost.
  duplicate: reactionRecorded,
  changed: reactionChanged,
  unchanged: reactionUnchanged,
  invalid: reactionUnavailable,
  failed: reactionNotRecorded,
} as const;

/** The button must be pressed under the post it names: forged data cannot vote on another post. */
const isUnder = (post: Post, message: MaybeInaccessibleMessage | undefined) =>
  message !== undefined && message.chat.id === post.chatId && message.message_id === post.messageId;

/**
 * Reaction buttons under channel posts. Other callback data falls through, so this goes before
 * the general callback routes. The reaction and the post actor's REACTED commit together with
 * the update's claim, so a retried update changes nothing.
 */
export function installReactionRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.on('callback_query:data', async (ctx, next) => {
    const press = parseReaction(ctx.callbackQuery.data);
    if (!press) return next();
    const message = ctx.callbackQuery.message;
    const updateId = ctx.update.update_id;
    let outcome: Outcome = { result: 'failed', channel: 'free' };
    await applyUpdate(deps, ctx, undefined, async () => {
      outcome = await deps.host.transaction(async (tx, send): Promise<Outcome> => {
        const claimed = await deps.host.claimUpdate(tx, updateId);
        const post = await getPost(tx, press.postId);
        const channel = post?.channelRole ?? 'free';
        if (!claimed) return { result: 'duplicate', channel };
        if (!post || !isUnder(post, message)) return { result: 'invalid', channel };
        const result = await setReaction(tx, {
          postId: post.id,
          userId: ctx.from.id,
          emojiIndex: press.index,
          now: deps.clock.date(),
        });
        if (result === 'set' || result === 'changed')
          await send(actorId('post', post.id), { type: 'REACTED' });
        return { result, channel };
      });
      return outcome;
    });
    const { text } = renderMessage(answers[outcome.result], { channel: outcome.channel });
    await ctx
      .answerCallbackQuery({ text })
      .catch((err) => deps.log.debug({ err, updateId: ctx.update.update_id }, 'callback answer failed'));
  });
}
