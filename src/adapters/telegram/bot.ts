import { Bot, type Context } from 'grammy';
import type { Logger } from '../../log.ts';
import { maskSecrets } from '../../log.ts';

/** The updates Lucien listens to; Telegram sends nothing else. */
export const ALLOWED_UPDATES = [
  'message',
  'callback_query',
  'chat_join_request',
  'chat_member',
  'my_chat_member',
  'pre_checkout_query',
] as const;

export interface BotOptions {
  token: string;
  apiRoot?: string;
  log: Logger;
}

export function createBot(options: BotOptions): Bot<Context> {
  const bot = new Bot<Context>(options.token, {
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}), timeoutSeconds: 30 },
  });
  bot.catch((error) => {
    options.log.error(
      { updateId: error.ctx.update.update_id, err: maskSecrets(String(error.error)) },
      'update failed in the bot',
    );
  });
  return bot;
}

/**
 * Webhook mode: registers our URL with its secret, but only when Telegram's current settings
 * differ, so restarts and scale-out do not reset the webhook each time.
 */
export async function registerWebhook(
  bot: Bot<Context>,
  url: string,
  secret: string,
  log: Logger,
): Promise<void> {
  const info = await bot.api.getWebhookInfo();
  const same =
    info.url === url &&
    ALLOWED_UPDATES.every((u) => info.allowed_updates?.includes(u)) &&
    info.allowed_updates?.length === ALLOWED_UPDATES.length;
  if (same) {
    log.info('webhook already registered');
    return;
  }
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  log.info('webhook registered');
}

/**
 * Long polling (no WEBHOOK_URL). Errors while handling an update are caught by `bot.catch`;
 * `bot.start` resolves only when polling stops.
 */
export function startPolling(bot: Bot<Context>, log: Logger): Promise<void> {
  return bot.start({
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: false,
    onStart: (me) => log.info({ username: me.username }, 'long polling started'),
  });
}

type Commands = readonly { command: string; description: string }[];

/**
 * The command menu for everyone, and a fuller one in each admin's own chat (chat scope). A
 * failure is logged, never fatal: the bot works without its menu.
 */
export async function publishCommands(
  bot: Bot<Context>,
  menus: { everyone: Commands; admins: Commands; adminIds: readonly number[] },
  log: Logger,
): Promise<void> {
  const calls = [
    () => bot.api.setMyCommands([...menus.everyone]),
    ...menus.adminIds.map(
      (id) => () => bot.api.setMyCommands([...menus.admins], { scope: { type: 'chat', chat_id: id } }),
    ),
  ];
  for (const call of calls) {
    try {
      await call();
    } catch (error) {
      log.warn(
        { err: maskSecrets(String(error)) },
        'setMyCommands failed; the command menu may be out of date',
      );
    }
  }
}
