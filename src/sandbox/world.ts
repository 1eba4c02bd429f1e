import type { BotCommand, Chat, Update, User } from 'grammy/types';
import type { Logger } from 'pino';
import { moduleLogger } from '../log.ts';
import { CallLog } from './call-log.ts';
import { badRequest } from './errors.ts';
import { FaultInjector } from './fault-injection.ts';
import { FileStore } from './file-store.ts';
import { FloodControl, type FloodOptions } from './flood-control.ts';
import { MessageStore } from './message-store.ts';
import type { CallbackQueryRecord, ChannelRecord, PreCheckoutRecord, UserRecord } from './records.ts';
import { type UpdateBody, UpdateQueue } from './update-queue.ts';
import { WebhookDelivery, type WebhookOptions } from './webhook-delivery.ts';

export interface SandboxOptions {
  botToken?: string;
  botUsername?: string;
  /** The app's clock, ms epoch: message dates, invite expire_date, ban until_date. */
  now?: () => number;
  flood?: FloodOptions;
  webhook?: WebhookOptions;
  log?: Logger;
  /** How many Bot API calls the call log keeps. */
  callLogLimit?: number;
}

export const DEFAULT_BOT_TOKEN = '7000000001:AAsandbox-lucien-emulator-0000000000';
export const DEFAULT_BOT_USERNAME = 'lucien_sandbox_bot';

/** Who the bot is talking to when it names a chat. */
export type ChatTarget = { kind: 'private'; record: UserRecord } | { kind: 'channel'; chat: ChannelRecord };

/**
 * The sandbox's whole state and the plumbing every Bot API method and client action shares:
 * the clock, update emission, change notification and chat lookup. Behaviour lives in the
 * method and action modules that operate on it.
 */
export class SandboxWorld {
  readonly log: Logger;
  readonly now: () => number;
  readonly token: string;
  readonly bot: User;
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChannelRecord>();
  readonly messages = new MessageStore();
  readonly files = new FileStore();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  readonly preCheckoutQueries = new Map<string, PreCheckoutRecord>();
  readonly commands = new Map<string, BotCommand[]>();
  /** Invoice payloads by `chatId:messageId`: bot data that the invoice message does not show. */
  readonly invoicePayloads = new Map<string, string>();
  readonly updates = new UpdateQueue();
  readonly webhook: WebhookDelivery;
  readonly flood: FloodControl;
  readonly calls: CallLog;
  /** Failures tests asked for (`Sandbox.failNext`). */
  readonly faults = new FaultInjector();
  private readonly changeListeners = new Set<() => void>();
  private queryCounter = 0;

  constructor(options: SandboxOptions = {}) {
    this.log = options.log ?? moduleLogger('sandbox');
    this.now = options.now ?? Date.now;
    this.token = options.botToken ?? DEFAULT_BOT_TOKEN;
    const botId = Number.parseInt(this.token.split(':')[0] ?? '', 10);
    // The bot as it appears in messages and member lists; getMe adds its capability fields.
    this.bot = {
      id: Number.isSafeInteger(botId) && botId > 0 ? botId : 7000000001,
      is_bot: true,
      first_name: 'Lucien',
      username: options.botUsername ?? DEFAULT_BOT_USERNAME,
    };
    this.flood = new FloodControl(options.flood);
    this.calls = new CallLog(options.callLogLimit);
    this.webhook = new WebhookDelivery(
      this.updates,
      () => this.nowSeconds(),
      this.log,
      () => this.changed(),
      options.webhook,
    );
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Queues an update for the bot (dropped if its allowed_updates exclude the type). */
  emit(body: UpdateBody): Update | undefined {
    const update = this.updates.push(body);
    this.changed();
    return update;
  }

  /** Wakes every waitFor; called after anything observable changed. */
  changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  nextQueryId(): string {
    this.queryCounter++;
    return `${this.bot.id}${String(this.queryCounter).padStart(9, '0')}`;
  }

  /** Resolves a chat_id as the bot names it; unknown chats fail as on Telegram. */
  resolveChat(chatId: number | string): ChatTarget {
    if (typeof chatId === 'string') {
      const name = chatId.replace(/^@/, '').toLowerCase();
      for (const chat of this.chats.values()) {
        if (chat.username?.toLowerCase() === name) return { kind: 'channel', chat };
      }
      throw badRequest('chat not found');
    }
    const chat = this.chats.get(chatId);
    if (chat) return { kind: 'channel', chat };
    const record = this.users.get(chatId);
    if (record && !record.user.is_bot) return { kind: 'private', record };
    throw badRequest('chat not found');
  }

  requireChannel(chatId: number | string): ChannelRecord {
    const target = this.resolveChat(chatId);
    if (target.kind !== 'channel') throw badRequest('chat not found');
    return target.chat;
  }

  chatOf(target: ChatTarget): Chat {
    return target.kind === 'private' ? privateChat(target.record.user) : channelChat(target.chat);
  }

  close(): void {
    this.updates.terminatePoll();
    this.webhook.close();
    this.changeListeners.clear();
  }
}

export function privateChat(user: User): Chat.PrivateChat {
  return {
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name ? { last_name: user.last_name } : {}),
    ...(user.username ? { username: user.username } : {}),
  };
}

export function channelChat(chat: ChannelRecord): Chat.ChannelChat | Chat.SupergroupChat {
  return {
    id: chat.id,
    type: chat.type,
    title: chat.title,
    ...(chat.username ? { username: chat.username } : {}),
  } as Chat.ChannelChat;
}
