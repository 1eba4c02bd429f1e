import type { Composer, Context } from 'grammy';
import { getPackage } from '../../domain/packages.ts';
import type { Speaker } from '../../machines/conversation.ts';
import { interestKey } from '../../machines/interest.ts';
import { actorId } from '../../runtime/registry.ts';
import { renderMessage, staleButton } from '../../voice/index.ts';
import { parseCallbackData } from './callback-data.ts';
import { contentRole, roleSees } from './content-access.ts';
import { applyUpdate, type RouterDeps, speakerOf } from './updates.ts';

/**
 * "Me interesa": only for a package the person's role is offered (a forged id for premium
 * content from a free account is refused), then to the person's interest actor for it.
 */
async function registerInterest(
  deps: RouterDeps,
  ctx: Context,
  packageId: number,
  who: Speaker,
): Promise<string> {
  const pkg = await getPackage(deps.db, packageId);
  const role = await contentRole(deps.db, who.userId, who.admin, deps.clock.date());
  if (!pkg || !roleSees(role, pkg)) {
    await ctx.answerCallbackQuery({ text: renderMessage(staleButton, {}).text }).catch(() => {});
    return 'refused';
  }
  const result = await deps.host.send(
    actorId('interest', interestKey(who.userId, packageId)),
    { type: 'INTERESTED', firstName: who.firstName, username: ctx.from?.username ?? null },
    { updateId: ctx.update.update_id },
  );
  return result.status;
}

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
        case 'contentList':
          return deps.host.send(
            conversation,
            { type: 'CONTENT', page: action.page, messageId: message?.message_id ?? null, ...who },
            { updateId },
          );
        case 'contentDetail':
          return deps.host.send(
            conversation,
            {
              type: 'CONTENT_DETAIL',
              packageId: action.packageId,
              messageId: message?.message_id ?? null,
              ...who,
            },
            { updateId },
          );
        case 'interest':
          return registerInterest(deps, ctx, action.packageId, who);
        case 'admin': {
          const target = 'userId' in action.action ? action.action.userId : undefined;
          const targetAdmin = target === undefined ? undefined : deps.adminIds.includes(target);
          return deps.host.send(
            conversation,
            {
              type: 'ADMIN',
              action: action.action,
              messageId: message?.message_id ?? null,
              targetAdmin,
              ...who,
            },
            { updateId },
          );
        }
      }
    });
    await ctx
      .answerCallbackQuery()
      .catch((err) => deps.log.debug({ err, updateId }, 'callback answer failed'));
  });
}
