import type { Composer, Context } from 'grammy';
import { getBotConfigRecent } from '../../domain/bot-config.ts';
import { actorId } from '../../runtime/registry.ts';
import { applyUpdate, type RouterDeps } from './updates.ts';

const MINUTE = 60_000;

/**
 * Join requests: to the free channel they start the person's wait (with the settings of this
 * moment, so a changed wait applies to new requests only); to any other chat they are declined.
 */
export function installJoinRequestRoutes(router: Composer<Context>, deps: RouterDeps): void {
  router.on('chat_join_request', async (ctx) => {
    const request = ctx.chatJoinRequest;
    const person = request.from;
    const config = await getBotConfigRecent(deps.db);
    const freeAccess = actorId('freeAccess', person.id);
    const event =
      config.freeChannelId !== null && request.chat.id === config.freeChannelId
        ? {
            type: 'JOIN_REQUESTED',
            chatId: request.chat.id,
            firstName: person.first_name,
            waitMs: config.freeWaitMinutes * MINUTE,
            antiSpamMs: config.antiSpamMinutes * MINUTE,
          }
        : { type: 'OTHER_CHAT_REQUESTED', chatId: request.chat.id };
    await applyUpdate(deps, ctx, undefined, () =>
      deps.host.send(freeAccess, event, { updateId: ctx.update.update_id }),
    );
  });
}
