import type { Context, MiddlewareFn } from 'grammy';
import type { Metrics } from './metrics.ts';

/** The kind of an update: the one field beside `update_id` (`message`, `callback_query`, ...). */
export function updateKind(update: object): string {
  for (const key of Object.keys(update)) if (key !== 'update_id') return key;
  return 'unknown';
}

/**
 * The bot's first middleware: the update is counted by kind and outcome once the router is
 * done with it.
 * A failure is counted and passed on unchanged (webhook mode answers 500 so Telegram retries).
 */
export function trackUpdates(metrics: Metrics): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const kind = updateKind(ctx.update);
    try {
      await next();
      metrics.updateReceived(kind, 'ok');
    } catch (error) {
      metrics.updateReceived(kind, 'error');
      throw error;
    }
  };
}
