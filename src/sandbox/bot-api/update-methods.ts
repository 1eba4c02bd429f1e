import type { BotCommand, BotCommandScope } from 'grammy/types';
import { badRequest, conflict } from '../errors.ts';
import type { MethodParams } from '../method-params.ts';
import type { SandboxWorld } from '../world.ts';
import { type CallContext, DescribedResult, type MethodTable } from './bot-method.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Telegram requires HTTPS webhooks. The sandbox also accepts plain HTTP on loopback, because
 * a local app under test has no certificate; any other http URL fails as on Telegram.
 */
function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  return url.href;
}

async function getUpdates(world: SandboxWorld, params: MethodParams, context: CallContext) {
  if (world.webhook.config) {
    throw conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  world.updates.setAllowedUpdates(params.json<string[]>('allowed_updates'));
  const offset = params.int('offset');
  if (offset !== undefined) world.updates.confirm(offset);
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeout = Math.max(0, params.int('timeout') ?? 0);
  return world.updates.longPoll(limit, timeout, context.signal);
}

function setWebhook(world: SandboxWorld, params: MethodParams) {
  const raw = params.string('url') ?? '';
  if (raw === '') return deleteWebhook(world, params);
  const url = checkWebhookUrl(raw);
  const secretToken = params.string('secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  if (params.bool('drop_pending_updates')) world.updates.dropPending();
  world.updates.setAllowedUpdates(params.json<string[]>('allowed_updates'));
  world.updates.terminatePoll(conflict('terminated by setWebhook request'));
  const previous = world.webhook.config;
  world.webhook.set({
    url,
    ...(secretToken ? { secretToken } : {}),
    maxConnections: params.int('max_connections') ?? 40,
    allowedUpdates: world.updates.allowedUpdates,
  });
  return new DescribedResult(true, previous?.url === url ? 'Webhook is already set' : 'Webhook was set');
}

function deleteWebhook(world: SandboxWorld, params: MethodParams) {
  if (params.bool('drop_pending_updates')) world.updates.dropPending();
  const had = world.webhook.config !== undefined;
  world.webhook.clear();
  return new DescribedResult(true, had ? 'Webhook was deleted' : 'Webhook is already deleted');
}

function getWebhookInfo(world: SandboxWorld) {
  const config = world.webhook.config;
  return {
    url: config?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: world.updates.pendingCount,
    ...(world.webhook.lastErrorDate !== undefined
      ? { last_error_date: world.webhook.lastErrorDate, last_error_message: world.webhook.lastErrorMessage }
      : {}),
    ...(config ? { max_connections: config.maxConnections } : {}),
    ...(config && config.allowedUpdates.length > 0 ? { allowed_updates: config.allowedUpdates } : {}),
  };
}

function commandsKey(params: MethodParams): string {
  const scope = params.json<BotCommandScope>('scope') ?? { type: 'default' };
  const chatId = 'chat_id' in scope ? scope.chat_id : '';
  const userId = 'user_id' in scope ? scope.user_id : '';
  return [scope.type, chatId, userId, params.string('language_code') ?? ''].join('|');
}

function setMyCommands(world: SandboxWorld, params: MethodParams) {
  const commands = params.json<BotCommand[]>('commands');
  if (!Array.isArray(commands)) throw badRequest('field "commands" must be an Array');
  if (commands.length > 100) throw badRequest('too many commands specified');
  for (const command of commands) {
    if (typeof command?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command.command)) {
      throw badRequest('BOT_COMMAND_INVALID');
    }
    if (typeof command.description !== 'string' || command.description.trim() === '') {
      throw badRequest('command description is empty');
    }
    if (command.description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
  }
  const key = commandsKey(params);
  if (commands.length === 0) world.commands.delete(key);
  else
    world.commands.set(
      key,
      commands.map(({ command, description }) => ({ command, description })),
    );
  return true;
}

export const updateMethods: MethodTable = {
  getMe: (world) => ({
    ...world.bot,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  setMyCommands,
  getMyCommands: (world, params) => world.commands.get(commandsKey(params)) ?? [],
  deleteMyCommands: (world, params) => {
    world.commands.delete(commandsKey(params));
    return true;
  },
};
