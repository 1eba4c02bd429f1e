import type { Message } from 'grammy/types';
import { badRequest, forbidden } from '../errors.ts';
import { currentMember } from '../memberships.ts';
import type { MethodParams } from '../method-params.ts';
import type { ChannelRecord, UserRecord } from '../records.ts';
import { readReplyMarkup } from '../reply-markup.ts';
import type { ChatTarget, SandboxWorld } from '../world.ts';

/** A pending join request lets the bot write to its requester for 5 minutes (Bot API: user_chat_id). */
const JOIN_REQUEST_CONTACT_SECONDS = 5 * 60;

function hasJoinRequestContact(world: SandboxWorld, userId: number): boolean {
  const now = world.nowSeconds();
  for (const chat of world.chats.values()) {
    const request = chat.joinRequests.get(userId);
    if (request && now - request.date < JOIN_REQUEST_CONTACT_SECONDS) return true;
  }
  return false;
}

export function assertCanWriteToUser(world: SandboxWorld, record: UserRecord): void {
  if (record.blocked) throw forbidden('bot was blocked by the user');
  if (!record.started && !hasJoinRequestContact(world, record.user.id)) {
    throw forbidden("bot can't initiate conversation with a user");
  }
}

export function assertCanPostInChannel(world: SandboxWorld, chat: ChannelRecord): void {
  const bot = currentMember(world, chat, world.bot.id);
  if (bot.status === 'left' || bot.status === 'kicked') {
    throw forbidden(`bot is not a member of the ${chat.type === 'channel' ? 'channel' : 'supergroup'} chat`);
  }
  if (chat.type === 'channel' && !(bot.status === 'administrator' && bot.rights?.can_post_messages)) {
    throw badRequest('need administrator rights in the channel chat');
  }
}

/** Resolves `chat_id` for a send and checks the bot may write there. */
export function writableChat(world: SandboxWorld, params: MethodParams): ChatTarget {
  const target = world.resolveChat(params.chatId());
  if (target.kind === 'private') assertCanWriteToUser(world, target.record);
  else assertCanPostInChannel(world, target.chat);
  return target;
}

function replyTo(world: SandboxWorld, chatId: number, params: MethodParams): Partial<Message> {
  const reply = params.json<{ message_id?: number; allow_sending_without_reply?: boolean }>(
    'reply_parameters',
  );
  const messageId = reply?.message_id ?? params.int('reply_to_message_id');
  if (messageId === undefined) return {};
  const original = world.messages.get(chatId, messageId);
  if (original) return { reply_to_message: { ...original, reply_to_message: undefined } };
  if (reply?.allow_sending_without_reply || params.bool('allow_sending_without_reply')) return {};
  throw badRequest('message to be replied not found');
}

/**
 * Stores a message the bot sends (content already validated), after flood control. Bots get
 * no update for their own messages, so nothing is emitted.
 */
export function deliverBotMessage(
  world: SandboxWorld,
  target: ChatTarget,
  params: MethodParams,
  content: Partial<Message>,
): Message {
  const markup = readReplyMarkup(params);
  const chat = world.chatOf(target);
  const reply = replyTo(world, chat.id, params);
  world.flood.consume(chat.id, target.kind === 'private');
  const message = {
    message_id: world.messages.nextId(chat.id),
    ...(target.kind === 'private' ? { from: world.bot } : { sender_chat: chat }),
    chat,
    date: world.nowSeconds(),
    ...reply,
    ...content,
    ...(markup.kind === 'inline' ? { reply_markup: markup.markup } : {}),
  } as Message;
  if (target.kind === 'private') {
    if (markup.kind === 'reply_keyboard') target.record.replyKeyboard = markup.keyboard;
    if (markup.kind === 'remove_keyboard') target.record.replyKeyboard = undefined;
  }
  world.messages.save(message);
  world.changed();
  return message;
}
