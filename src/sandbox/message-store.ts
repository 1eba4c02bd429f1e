import type { Message } from 'grammy/types';

interface ChatMessages {
  nextId: number;
  messages: Map<number, Message>;
}

/**
 * Every chat's messages as they stand now (edits applied, deletions gone), in send order.
 * Message ids count per chat, as they do in private chats and channels on Telegram.
 */
export class MessageStore {
  private readonly chats = new Map<number, ChatMessages>();
  private readonly revisions = new WeakMap<Message, number>();
  /** Increases on every save, so a waiter can tell messages sent or edited after it started. */
  revision = 0;

  private chat(chatId: number): ChatMessages {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { nextId: 1, messages: new Map() };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  nextId(chatId: number): number {
    const chat = this.chat(chatId);
    return chat.nextId++;
  }

  save(message: Message): Message {
    this.revisions.set(message, ++this.revision);
    this.chat(message.chat.id).messages.set(message.message_id, message);
    return message;
  }

  get(chatId: number, messageId: number): Message | undefined {
    return this.chats.get(chatId)?.messages.get(messageId);
  }

  delete(chatId: number, messageId: number): boolean {
    return this.chats.get(chatId)?.messages.delete(messageId) ?? false;
  }

  /** The revision at which this version of a message was saved. */
  revisionOf(message: Message): number {
    return this.revisions.get(message) ?? 0;
  }

  list(chatId: number): Message[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }
}
