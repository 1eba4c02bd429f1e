import type { ChatMemberUpdated, Message, Update } from 'grammy/types';
import { SandboxClientError } from '../errors.ts';
import { userTextEntities } from '../message-text.ts';
import type { UserRecord } from '../records.ts';
import { channelChat, privateChat, type SandboxWorld } from '../world.ts';
import { actingUser } from './users.ts';

function assertNotBlocking(record: UserRecord): void {
  if (record.blocked) throw new SandboxClientError('YOU_BLOCKED_USER', 'unblock the bot first');
}

/** Stores a message the person sends to the bot and delivers it as a `message` update. */
function deliverUserMessage(world: SandboxWorld, record: UserRecord, content: Partial<Message>): Message {
  record.started = true;
  const chat = privateChat(record.user);
  const message = {
    message_id: world.messages.nextId(chat.id),
    from: record.user,
    chat,
    date: world.nowSeconds(),
    ...content,
  } as Message;
  world.messages.save(message);
  world.emit({ message: message as Update['message'] });
  return message;
}

export function sendText(world: SandboxWorld, userId: number, text: string): Message {
  const record = actingUser(world, userId);
  assertNotBlocking(record);
  if (text.trim() === '') throw new SandboxClientError('MESSAGE_EMPTY');
  const entities = userTextEntities(text);
  return deliverUserMessage(world, record, { text, ...(entities.length > 0 ? { entities } : {}) });
}

/** The START button (or a t.me/<bot>?start=<payload> link); on a blocked bot it is RESTART, which unblocks. */
export function start(world: SandboxWorld, userId: number, payload?: string): Message {
  const record = actingUser(world, userId);
  if (record.blocked) setBlocked(world, userId, false);
  return sendText(world, userId, payload ? `/start ${payload}` : '/start');
}

function botStatusChange(world: SandboxWorld, record: UserRecord, blocked: boolean): ChatMemberUpdated {
  const member = { status: 'member' as const, user: world.bot };
  const kicked = { status: 'kicked' as const, user: world.bot, until_date: 0 };
  return {
    chat: privateChat(record.user),
    from: record.user,
    date: world.nowSeconds(),
    old_chat_member: blocked ? member : kicked,
    new_chat_member: blocked ? kicked : member,
  };
}

/** Blocking and unblocking reach the bot as `my_chat_member` (member <-> kicked). */
export function setBlocked(world: SandboxWorld, userId: number, blocked: boolean): void {
  const record = actingUser(world, userId);
  if (record.blocked === blocked) return;
  record.blocked = blocked;
  world.emit({ my_chat_member: botStatusChange(world, record, blocked) });
}

export interface PressOptions {
  /** Send callback data that no button carries, as a modified client could. */
  forge?: boolean;
  /** A button under a post in this channel (the person must be a member), not in the private chat. */
  chatId?: number;
}

/** Only members see a private channel's posts, and so its buttons. */
function assertSeesChannel(world: SandboxWorld, chatId: number, userId: number): void {
  const chat = world.chats.get(chatId);
  if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
  const status = chat.members.get(userId)?.status;
  if (status !== 'member' && status !== 'administrator' && status !== 'creator') {
    throw new SandboxClientError('CHANNEL_PRIVATE', 'only members see the posts of this channel');
  }
}

export function pressButton(
  world: SandboxWorld,
  userId: number,
  messageId: number,
  callbackData: string,
  options: PressOptions = {},
): string {
  const record = actingUser(world, userId);
  const chatId = options.chatId ?? userId;
  if (chatId === userId) assertNotBlocking(record);
  else assertSeesChannel(world, chatId, userId);
  const message = world.messages.get(chatId, messageId);
  if (!message) throw new SandboxClientError('MESSAGE_ID_INVALID', `no message ${messageId} in the chat`);
  const hasButton = message.reply_markup?.inline_keyboard.some((row) =>
    row.some((button) => 'callback_data' in button && button.callback_data === callbackData),
  );
  if (!hasButton && !options.forge) {
    throw new SandboxClientError(
      'BUTTON_NOT_FOUND',
      `message ${messageId} has no button with that callback_data`,
    );
  }
  const id = world.nextQueryId();
  world.callbackQueries.set(id, { id, userId, chatId, messageId, data: callbackData });
  world.emit({
    callback_query: {
      id,
      from: record.user,
      message,
      chat_instance: String((userId * 2654435761) % 1e15),
      data: callbackData,
    },
  });
  return id;
}

/** Forwards a channel post into the bot chat (by default the channel's latest post). */
export function forwardChannelPost(
  world: SandboxWorld,
  userId: number,
  chatId: number,
  messageId?: number,
): Message {
  const record = actingUser(world, userId);
  assertNotBlocking(record);
  const chat = world.chats.get(chatId);
  if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
  const post =
    messageId !== undefined ? world.messages.get(chatId, messageId) : world.messages.list(chatId).at(-1);
  if (!post)
    throw new SandboxClientError('MESSAGE_ID_INVALID', 'the channel has no such post; postToChannel first');
  const origin = channelChat(chat);
  const content: Partial<Message> = {};
  for (const key of [
    'text',
    'entities',
    'caption',
    'caption_entities',
    'photo',
    'video',
    'document',
  ] as const) {
    if (post[key] !== undefined) Object.assign(content, { [key]: post[key] });
  }
  return deliverUserMessage(world, record, {
    ...content,
    forward_origin: { type: 'channel', chat: origin, message_id: post.message_id, date: post.date },
    forward_from_chat: origin,
    forward_from_message_id: post.message_id,
    forward_date: post.date,
  } as Partial<Message>);
}

/** The person opens an invoice and pays: the bot gets a pre_checkout_query to approve. */
export function payInvoice(world: SandboxWorld, userId: number, messageId: number): string {
  const record = actingUser(world, userId);
  assertNotBlocking(record);
  const invoice = world.messages.get(userId, messageId)?.invoice;
  if (!invoice) throw new SandboxClientError('MESSAGE_ID_INVALID', `message ${messageId} is not an invoice`);
  const payload = world.invoicePayloads.get(`${userId}:${messageId}`) ?? '';
  const id = world.nextQueryId();
  world.preCheckoutQueries.set(id, {
    id,
    userId,
    messageId,
    currency: invoice.currency,
    totalAmount: invoice.total_amount,
    payload,
  });
  world.emit({
    pre_checkout_query: {
      id,
      from: record.user,
      currency: invoice.currency,
      total_amount: invoice.total_amount,
      invoice_payload: payload,
    },
  });
  return id;
}
