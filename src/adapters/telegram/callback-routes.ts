import type { Composer, Context } from 'grammy';
import { actorId } from '../../runtime/registry.ts';
import { renderMessage, staleButton } from '../../voice/index.ts';
import { parseCallbackData } from './callback-data.ts';
import { applyUpdate, type RouterDeps, speakerOf } from './updates.ts';

/** Button presses: parsed (never trusted), sent to the actor they concern, then answered. */
export function installCallbackRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.on('callback_query:data', async (ctx) => {
    const message = ctx.callbackQuery.message;
    const chatId = message?.chat.id ?? ctx.from.id;
    const who = speakerOf(deps, ctx.from, chatId);
    const updateId = ctx.update.update_id;
    const action = parseCallbackData(ctx.callbackQuery.data);
    const conversation = actorId('conversation', who.userId);
    const subscription = actorId('subscription', who.userId);
    if (!action) {
      deps.log.warn(
        { updateId, userId: who.userId, data: ctx.callbackQuery.data.slice(0, 64) },
        'unknown button data',
      );
      await ctx.answerCallbackQuery({ text: renderMessage(staleButton, {}).text }).catch(() => {});
      return applyUpdate(deps, ctx, chatId, () =>
        deps.host.send(
          conversation,
          { type: 'NAVIGATE', screen: 'home', messageId: null, ...who },
          { updateId },
        ),
      );
    }
    await applyUpdate(deps, ctx, chatId, () => {
      switch (action.kind) {
        case 'navigate':
          return deps.host.send(
            conversation,
            { type: 'NAVIGATE', screen: action.screen, messageId: message?.message_id ?? null, ...who },
            { updateId },
          );
        case 'ritual':
          return deps.host.send(subscription, { type: 'RITUAL_NEXT', step: action.step }, { updateId });
        case 'freshLink':
          return deps.host.send(subscription, { type: 'FRESH_LINK_REQUESTED' }, { updateId });
        case 'admin':
          return deps.host.send(
            conversation,
            { type: 'ADMIN', action: action.action, messageId: message?.message_id ?? null, ...who },
            { updateId },
          );
      }
    });
    await ctx.answerCallbackQuery().catch((err) => deps.log.debug({ err }, 'callback answer failed'));
  });
}
