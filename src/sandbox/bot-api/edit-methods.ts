import type { InlineKeyboardMarkup, Message } from 'grammy/types';
import { badRequest } from '../errors.ts';
import { messageText } from '../message-text.ts';
import type { MethodParams } from '../method-params.ts';
import { readReplyMarkup, sameInlineMarkup } from '../reply-markup.ts';
import type { SandboxWorld } from '../world.ts';
import type { MethodTable } from './bot-method.ts';
import { assertCanWriteToUser } from './outgoing.ts';

/** Bots may delete messages in private chats and channels for 48 hours. */
const DELETE_WINDOW_SECONDS = 48 * 60 * 60;

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

function editableMessage(world: SandboxWorld, params: MethodParams): Message {
  if (params.has('inline_message_id')) throw badRequest('inline messages are not supported by the sandbox');
  const target = world.resolveChat(params.chatId());
  const messageId = params.messageId();
  if (target.kind === 'private' && target.record.blocked) assertCanWriteToUser(world, target.record);
  const message = world.messages.get(world.chatOf(target).id, messageId);
  if (!message) throw badRequest('message to edit not found');
  const byBot =
    message.from?.id === world.bot.id || (target.kind === 'channel' && message.sender_chat !== undefined);
  if (!byBot) throw badRequest("message can't be edited");
  return message;
}

/** The inline keyboard an edit leaves on the message: edits without reply_markup remove it. */
function editedMarkup(params: MethodParams): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(params);
  if (markup.kind === 'none') return undefined;
  if (markup.kind !== 'inline') throw badRequest('REPLY_MARKUP_INVALID');
  return markup.markup;
}

function saveEdit(
  world: SandboxWorld,
  message: Message,
  changes: Partial<Message>,
  markup?: InlineKeyboardMarkup,
) {
  const edited = { ...message, ...changes, edit_date: world.nowSeconds() } as Message;
  if (markup?.inline_keyboard.some((row) => row.length > 0)) edited.reply_markup = markup;
  else delete edited.reply_markup;
  world.messages.save(edited);
  world.changed();
  return edited;
}

function editMessageText(world: SandboxWorld, params: MethodParams): Message {
  const message = editableMessage(world, params);
  if (message.text === undefined) throw badRequest('there is no text in the message to edit');
  const { text, entities } = messageText(params);
  const markup = editedMarkup(params);
  const sameEntities = JSON.stringify(message.entities ?? []) === JSON.stringify(entities);
  if (message.text === text && sameEntities && sameInlineMarkup(message.reply_markup, markup)) {
    throw badRequest(NOT_MODIFIED);
  }
  const changes: Partial<Message> = { text, entities: entities.length > 0 ? entities : undefined };
  const edited = saveEdit(world, message, changes, markup);
  if (entities.length === 0) delete edited.entities;
  return edited;
}

function editMessageReplyMarkup(world: SandboxWorld, params: MethodParams): Message {
  const message = editableMessage(world, params);
  const markup = editedMarkup(params);
  if (sameInlineMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  return saveEdit(world, message, {}, markup);
}

function deleteMessage(world: SandboxWorld, params: MethodParams): boolean {
  const target = world.resolveChat(params.chatId());
  const chatId = world.chatOf(target).id;
  const message = world.messages.get(chatId, params.messageId());
  if (!message) throw badRequest('message to delete not found');
  if (world.nowSeconds() - message.date > DELETE_WINDOW_SECONDS) throw badRequest("message can't be deleted");
  world.messages.delete(chatId, message.message_id);
  world.changed();
  return true;
}

export const editMethods: MethodTable = {
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
};
