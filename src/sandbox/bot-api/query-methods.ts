import { randomBytes } from 'node:crypto';
import type { Message, Update } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { MethodParams } from '../method-params.ts';
import type { PreCheckoutRecord } from '../records.ts';
import { privateChat, type SandboxWorld } from '../world.ts';
import type { MethodTable } from './bot-method.ts';

const QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';

/** Records the answer so the person's client (and tests) can read what the bot showed. */
function answerCallbackQuery(world: SandboxWorld, params: MethodParams): boolean {
  const query = world.callbackQueries.get(params.string('callback_query_id') ?? '');
  if (!query || query.answer) throw badRequest(QUERY_INVALID);
  const text = params.string('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  const url = params.string('url');
  const cacheTime = params.int('cache_time');
  query.answer = {
    show_alert: params.bool('show_alert'),
    ...(text ? { text } : {}),
    ...(url ? { url } : {}),
    ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}),
  };
  world.changed();
  return true;
}

/** After an approved checkout, the person's payment arrives as their own service message. */
function completePayment(world: SandboxWorld, query: PreCheckoutRecord): void {
  const record = world.users.get(query.userId);
  if (!record) return;
  const chat = privateChat(record.user);
  const message = {
    message_id: world.messages.nextId(chat.id),
    from: record.user,
    chat,
    date: world.nowSeconds(),
    successful_payment: {
      currency: query.currency,
      total_amount: query.totalAmount,
      invoice_payload: query.payload,
      telegram_payment_charge_id: `stxsandbox${randomBytes(12).toString('hex')}`,
      provider_payment_charge_id: query.currency === 'XTR' ? '' : `sandbox_${randomBytes(8).toString('hex')}`,
    },
  } as Message;
  world.messages.save(message);
  world.emit({ message: message as Update['message'] });
}

function answerPreCheckoutQuery(world: SandboxWorld, params: MethodParams): boolean {
  const query = world.preCheckoutQueries.get(params.string('pre_checkout_query_id') ?? '');
  if (!query || query.answer) throw badRequest(QUERY_INVALID);
  const ok = params.bool('ok');
  const errorMessage = params.string('error_message');
  if (!ok && !errorMessage) throw badRequest('error_message is empty');
  query.answer = { ok, ...(errorMessage && !ok ? { error_message: errorMessage } : {}) };
  if (ok) completePayment(world, query);
  world.changed();
  return true;
}

export const queryMethods: MethodTable = {
  answerCallbackQuery,
  answerPreCheckoutQuery,
};
