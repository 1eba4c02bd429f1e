import { Composer, type Context } from 'grammy';
import { installCallbackRoutes } from './callback-routes.ts';
import { installChannelRoutes } from './channel-routes.ts';
import { installJoinRequestRoutes } from './join-request-routes.ts';
import { installPrivateRoutes } from './private-routes.ts';
import { installReactionRoutes } from './reaction-routes.ts';
import { dropMalformedUpdates } from './update-shape.ts';
import type { RouterDeps } from './updates.ts';

export type { RouterDeps } from './updates.ts';

/**
 * Maps each update to (actor, event) and sends it through the host with the update id, for
 * exactly-once processing. Admin rights are read from ADMIN_IDS on every update.
 */
export function createRouter(deps: RouterDeps): Composer<Context> {
  const router = new Composer<Context>();
  router.use(dropMalformedUpdates(deps.log));
  installPrivateRoutes(router, deps);
  installJoinRequestRoutes(router, deps);
  // Reaction buttons under channel posts first: the general callback routes treat unknown data as stale.
  installReactionRoutes(router, deps);
  installCallbackRoutes(router, deps);
  installChannelRoutes(router, deps);
  router.use((ctx) => {
    deps.log.debug({ updateId: ctx.update.update_id, kinds: Object.keys(ctx.update) }, 'update not routed');
  });
  return router;
}
