import { createHash } from 'node:crypto';
import { Api, Bot, type Context } from 'grammy';
import nodeFetch, { Headers, type RequestInit } from 'node-fetch';
import type { Logger } from '../../log.ts';
import { maskSecrets } from '../../log.ts';

/**
 * Sent with every Bot API call made while an outbound effect runs: the effect's outbox key, so
 * that a Bot API server that keeps it (the sandbox) can tell a retried effect from a new one.
 * Telegram ignores headers it does not know.
 */
export const IDEMPOTENCY_KEY_HEADER = 'X-Lucien-Idempotency-Key';

/**
 * grammY's own HTTP client on Node (node-fetch over keep-alive agents, far lighter per call than
 * the platform fetch), adding an effect's idempotency key as a header.
 */
function fetchWithKey(key: string): typeof nodeFetch {
  return ((input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set(IDEMPOTENCY_KEY_HEADER, key);
    return nodeFetch(input, { ...init, headers });
  }) as typeof nodeFetch;
}

/** The Bot API as one outbound effect uses it: every call carries the effect's idempotency key. */
export type ApiForEffect = (effect: { idempotencyKey: string }) => Api;

/**
 * One Api per effect execution, with the bot's own client settings and transformers (the flood
 * limiter, the health probe: installed on `bot.api` before the first effect runs). The key goes
 * with the Api rather than through an async context: an AsyncLocalStorage puts a hook on every
 * promise of the process, which cost 6% of the webhook path's CPU.
 */
export function apiForEffects(
  bot: Bot<Context>,
  options: Pick<BotOptions, 'token' | 'apiRoot'>,
): ApiForEffect {
  return ({ idempotencyKey }) => {
    const api = new Api(options.token, clientOptions(options.apiRoot, fetchWithKey(idempotencyKey)));
    api.config.use(...bot.api.config.installedTransformers());
    return api;
  };
}

function clientOptions(apiRoot: string | undefined, fetch: typeof nodeFetch) {
  return { ...(apiRoot ? { apiRoot } : {}), timeoutSeconds: 30, fetch: fetch as never };
}

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

/** The bot: grammY against Telegram (or `apiRoot`), failures of an update logged with secrets masked. */
export function createBot(options: BotOptions): Bot<Context> {
  const bot = new Bot<Context>(options.token, {
    client: clientOptions(options.apiRoot, nodeFetch),
  });
  bot.catch((error) => {
    options.log.error(
      { updateId: error.ctx.update.update_id, err: maskSecrets(String(error.error)) },
      'update failed in the bot',
    );
  });
  return bot;
}

/** Where the fingerprint of the last registration is kept (a row in runtime_settings). */
export interface RegistrationStore {
  get(): Promise<string | undefined>;
  set(value: string): Promise<void>;
}

/** A hash of what was registered: URL, secret and update kinds (the secret itself is not kept). */
function registrationFingerprint(url: string, secret: string): string {
  return createHash('sha256')
    .update(`${url}\n${secret}\n${ALLOWED_UPDATES.join(',')}`)
    .digest('hex');
}

/**
 * Webhook mode: registers our URL with its secret, but only when something changed, so restarts
 * and scale-out do not reset the webhook each time. Telegram shows the URL and update kinds
 * (getWebhookInfo) but never the secret, so a fingerprint of the last registration is kept too:
 * a new WEBHOOK_SECRET alone registers again.
 */
export async function registerWebhook(
  bot: Bot<Context>,
  url: string,
  secret: string,
  log: Logger,
  store?: RegistrationStore,
): Promise<void> {
  const info = await bot.api.getWebhookInfo();
  const fingerprint = registrationFingerprint(url, secret);
  const same =
    info.url === url &&
    ALLOWED_UPDATES.every((u) => info.allowed_updates?.includes(u)) &&
    info.allowed_updates?.length === ALLOWED_UPDATES.length &&
    (store === undefined || (await store.get()) === fingerprint);
  if (same) {
    log.info('webhook already registered');
    return;
  }
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
  await store?.set(fingerprint);
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
