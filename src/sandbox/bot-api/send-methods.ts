import type { LabeledPrice, Message } from 'grammy/types';
import { badRequest } from '../errors.ts';
import type { MediaKind } from '../file-store.ts';
import { captionText, messageText } from '../message-text.ts';
import type { MethodParams } from '../method-params.ts';
import { readReplyMarkup } from '../reply-markup.ts';
import type { SandboxWorld } from '../world.ts';
import type { MethodTable } from './bot-method.ts';
import { deliverBotMessage, writableChat } from './outgoing.ts';

function sendMessage(world: SandboxWorld, params: MethodParams): Message {
  const target = writableChat(world, params);
  const { text, entities } = messageText(params);
  readReplyMarkup(params);
  return deliverBotMessage(world, target, params, { text, ...(entities.length > 0 ? { entities } : {}) });
}

function captionFields(params: MethodParams): Partial<Message> {
  const caption = captionText(params);
  if (!caption) return {};
  return {
    caption: caption.text,
    ...(caption.entities.length > 0 ? { caption_entities: caption.entities } : {}),
  };
}

const sendMedia =
  (kind: MediaKind) =>
  (world: SandboxWorld, params: MethodParams): Message => {
    const target = writableChat(world, params);
    const caption = captionFields(params);
    readReplyMarkup(params);
    const file = world.files.resolve(kind, params.file(kind));
    const media =
      kind === 'photo'
        ? { photo: world.files.photoSizes(file) }
        : kind === 'video'
          ? { video: world.files.video(file) }
          : { document: world.files.document(file) };
    return deliverBotMessage(world, target, params, { ...media, ...caption } as Partial<Message>);
  };

/** The content fields a copy carries over: text or media, with an optional new caption. */
function copiedContent(source: Message, params: MethodParams): Partial<Message> {
  if (source.text !== undefined) {
    return { text: source.text, ...(source.entities ? { entities: source.entities } : {}) };
  }
  const media: Partial<Message> = {};
  for (const key of ['photo', 'video', 'document', 'invoice'] as const) {
    if (source[key] !== undefined) Object.assign(media, { [key]: source[key] });
  }
  if (Object.keys(media).length === 0) throw badRequest("message can't be copied");
  const caption = params.has('caption')
    ? captionFields(params)
    : {
        ...(source.caption ? { caption: source.caption } : {}),
        ...(source.caption_entities ? { caption_entities: source.caption_entities } : {}),
      };
  return { ...media, ...caption };
}

function copyMessage(world: SandboxWorld, params: MethodParams): { message_id: number } {
  const from = world.resolveChat(params.chatId('from_chat_id'));
  const source = world.messages.get(world.chatOf(from).id, params.messageId());
  if (!source) throw badRequest('message to copy not found');
  const target = writableChat(world, params);
  const copy = deliverBotMessage(world, target, params, copiedContent(source, params));
  return { message_id: copy.message_id };
}

function sendInvoice(world: SandboxWorld, params: MethodParams): Message {
  const target = writableChat(world, params);
  const title = params.string('title') ?? '';
  const description = params.string('description') ?? '';
  const payload = params.string('payload') ?? '';
  const currency = params.string('currency') ?? '';
  const prices = params.json<LabeledPrice[]>('prices') ?? [];
  if (title.length < 1 || title.length > 32) throw badRequest('INVOICE_TITLE_INVALID');
  if (description.length < 1 || description.length > 255) throw badRequest('INVOICE_DESCRIPTION_INVALID');
  if (Buffer.byteLength(payload) < 1 || Buffer.byteLength(payload) > 128) {
    throw badRequest('INVOICE_PAYLOAD_INVALID');
  }
  if (!/^[A-Z]{3}$/.test(currency)) throw badRequest('CURRENCY_INVALID');
  if (!Array.isArray(prices) || prices.length === 0 || prices.some((p) => !Number.isInteger(p?.amount))) {
    throw badRequest('PRICES_INVALID');
  }
  if (currency === 'XTR' && prices.length !== 1) throw badRequest('STARS_INVOICE_INVALID');
  const total = prices.reduce((sum, price) => sum + price.amount, 0);
  if (total <= 0) throw badRequest('CURRENCY_TOTAL_AMOUNT_INVALID');
  readReplyMarkup(params);
  const invoice = {
    title,
    description,
    start_parameter: params.string('start_parameter') ?? '',
    currency,
    total_amount: total,
  };
  const message = deliverBotMessage(world, target, params, { invoice });
  // The payload is the bot's own data, not shown in the message; keep it for the payment flow.
  world.invoicePayloads.set(`${message.chat.id}:${message.message_id}`, payload);
  return message;
}

export const sendMethods: MethodTable = {
  sendMessage,
  sendPhoto: sendMedia('photo'),
  sendVideo: sendMedia('video'),
  sendDocument: sendMedia('document'),
  copyMessage,
  sendInvoice,
};
