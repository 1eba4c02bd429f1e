import { Composer, type Context } from 'grammy';
import type { User } from 'grammy/types';
import type { Logger } from '../../log.ts';
import type { ConversationEvent, Speaker } from '../../machines/conversation.ts';
import { SnapshotRestoreError, TransitionError, UnknownMachineError } from '../../runtime/errors.ts';
import type { ActorHost } from '../../runtime/host.ts';
import { actorId } from '../../runtime/registry.ts';
import { renderMessage, staleButton, unexpectedProblem } from '../../voice/index.ts';
import { parseCallbackData } from './callback-data.ts';

export interface RouterDeps {
  host: ActorHost;
  adminIds: readonly number[];
  log: Logger;
  /**
   * How long to keep retrying an update when Postgres or the queue is unreachable. In webhook
   * mode 0: the error answers 5xx and Telegram retries. In long polling the update would be
   * lost once the offset moves on, so the router waits for the database to come back.
   */
  retryInfrastructureForMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Errors of a machine or its data: retrying the update cannot help, so the person is told. */
function isLogicError(error: unknown): boolean {
  return (
    error instanceof TransitionError ||
    error instanceof SnapshotRestoreError ||
    error instanceof UnknownMachineError
  );
}

const START = /^\/start(?:@\w+)?(?:\s+(\S{1,64}))?\s*$/;
const HELP = /^\/help(?:@\w+)?\s*$/;

/**
 * Maps each update to (actor, event) and sends it through the host, with the update id for
 * exactly-once processing. Admin rights are read from ADMIN_IDS on every update.
 */
export function createRouter(deps: RouterDeps): Composer<Context> {
  const router = new Composer<Context>();
  const private_ = router.chatType('private');

  const speaker = (from: User, chatId: number): Speaker => ({
    userId: from.id,
    chatId,
    firstName: from.first_name,
    admin: deps.adminIds.includes(from.id),
  });

  const deliver = async (ctx: Context, event: ConversationEvent & Speaker) => {
    const log = deps.log.child({ updateId: ctx.update.update_id, userId: event.userId });
    const giveUpAt = Date.now() + (deps.retryInfrastructureForMs ?? 0);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await deps.host.send(actorId('conversation', event.userId), event, {
            updateId: ctx.update.update_id,
          });
          log.debug({ event: event.type, result: result.status }, 'update applied');
          return;
        } catch (error) {
          if (isLogicError(error) || Date.now() >= giveUpAt) throw error;
          log.warn({ err: error, attempt }, 'update not applied yet; retrying');
          await sleep(Math.min(5_000, 200 * 2 ** attempt));
        }
      }
    } catch (error) {
      if (!isLogicError(error)) throw error;
      log.error({ err: error, event: event.type }, 'update could not be applied');
      await ctx.api
        .sendMessage(event.chatId, renderMessage(unexpectedProblem, {}).text, { parse_mode: 'HTML' })
        .catch((err) => log.warn({ err }, 'could not tell the person about the problem'));
    }
  };

  private_.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    const who = speaker(ctx.from, ctx.chat.id);
    const start = START.exec(text);
    if (start) return deliver(ctx, { type: 'START', payload: start[1] ?? null, ...who });
    if (HELP.test(text)) return deliver(ctx, { type: 'NAVIGATE', screen: 'help', messageId: null, ...who });
    return deliver(ctx, { type: 'TEXT', text: text.slice(0, 4096), ...who });
  });

  router.on('callback_query:data', async (ctx) => {
    const message = ctx.callbackQuery.message;
    const action = parseCallbackData(ctx.callbackQuery.data);
    const chatId = message?.chat.id ?? ctx.from.id;
    const who = speaker(ctx.from, chatId);
    if (!action) {
      deps.log.warn(
        { updateId: ctx.update.update_id, userId: ctx.from.id, data: ctx.callbackQuery.data.slice(0, 64) },
        'unknown button data',
      );
      await ctx.answerCallbackQuery({ text: renderMessage(staleButton, {}).text }).catch(() => {});
      return deliver(ctx, { type: 'NAVIGATE', screen: 'home', messageId: null, ...who });
    }
    await deliver(ctx, {
      type: 'NAVIGATE',
      screen: action.screen,
      messageId: message?.message_id ?? null,
      ...who,
    });
    await ctx.answerCallbackQuery().catch((err) => deps.log.debug({ err }, 'callback answer failed'));
  });

  router.use((ctx) => {
    deps.log.debug({ updateId: ctx.update.update_id, kinds: Object.keys(ctx.update) }, 'update not routed');
  });
  return router;
}
