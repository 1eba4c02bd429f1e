import type {
  ChatAdministratorRights,
  ChatInviteLink,
  ChatMember,
  KeyboardButton,
  Message,
  Update,
  User,
} from 'grammy/types';
import { type CallMeta, type CallOutcome, callBotMethod, SUPPORTED_METHODS } from './bot-api/dispatch.ts';
import type { CallFilter } from './call-log.ts';
import {
  type BotChannelStatus,
  type JoinOutcome,
  joinByLink,
  leave,
  postToChannel,
  requestJoin,
  setBotStatus,
} from './client/channel-actions.ts';
import {
  forwardChannelPost,
  type PressOptions,
  payInvoice,
  pressButton,
  sendText,
  setBlocked,
  start,
} from './client/private-chat-actions.ts';
import { createUser, type NewUser } from './client/users.ts';
import { SandboxClientError } from './errors.ts';
import type { FailNextOptions, InjectedFailure } from './fault-injection.ts';
import { chatMemberJson, currentMember, inviteLinkJson, userOf } from './memberships.ts';
import type { RawParams } from './method-params.ts';
import type { ApiCallRecord, CallbackAnswer, JoinRequestRecord } from './records.ts';
import { FREE_CHANNEL_ID, seedWorld, VIP_CHANNEL_ID } from './seed.ts';
import { waitForChange } from './wait-for-change.ts';
import { type SandboxOptions, SandboxWorld } from './world.ts';

const DEFAULT_WAIT_MS = 5000;

/**
 * An in-memory Telegram: the Bot API a bot calls (`callBotApi`, or over HTTP through
 * `createBotApiHandler`) and the client actions people take (`sendText`, `pressButton`,
 * `joinByLink`, ...), with readers and waiters for tests.
 */
export class Sandbox {
  readonly vipChannelId = VIP_CHANNEL_ID;
  readonly freeChannelId = FREE_CHANNEL_ID;
  private readonly world: SandboxWorld;

  constructor(options: SandboxOptions = {}) {
    this.world = new SandboxWorld(options);
    seedWorld(this.world);
  }

  get token(): string {
    return this.world.token;
  }

  get bot(): User {
    return this.world.bot;
  }

  // --- Bot API -------------------------------------------------------------------------

  /** Runs a Bot API method; resolves with (a copy of) its `result` or rejects with a `BotApiError`. */
  async callBotApi(method: string, params: RawParams = {}, meta: CallMeta = {}): Promise<unknown> {
    return structuredClone((await callBotMethod(this.world, method, params, meta)).result);
  }

  /** As `callBotApi`, keeping Telegram's `description` beside the result (HTTP layer). */
  callBotApiWithDescription(method: string, params: RawParams, meta: CallMeta = {}): Promise<CallOutcome> {
    return callBotMethod(this.world, method, params, meta);
  }

  // --- Failures ----------------------------------------------------------------------------

  /**
   * The next call of `method` (the next `times`, only those whose params pass `when`) answers
   * with `failure` instead of running: HTTP status `error_code`, Telegram's error JSON,
   * `parameters.retry_after` when given. The call log shows it failed, `injected: true`.
   * An unknown method fails with `METHOD_INVALID`, so a typo cannot pass silently.
   */
  failNext(method: string, failure: InjectedFailure, options: FailNextOptions = {}): void {
    const name = SUPPORTED_METHODS.find((m) => m.toLowerCase() === method.toLowerCase());
    if (!name)
      throw new SandboxClientError('METHOD_INVALID', `the sandbox has no Bot API method "${method}"`);
    this.world.faults.add(name, failure, options);
  }

  /** Forgets every failure `failNext` asked for that has not happened yet. */
  clearFaults(): void {
    this.world.faults.clear();
  }

  // --- People ----------------------------------------------------------------------------

  createUser(input: NewUser): User {
    return createUser(this.world, input);
  }

  users(): User[] {
    return [...this.world.users.values()].map((record) => record.user);
  }

  sendText(userId: number, text: string): Message {
    return structuredClone(sendText(this.world, userId, text));
  }

  start(userId: number, payload?: string): Message {
    return structuredClone(start(this.world, userId, payload));
  }

  /** Presses an inline button; answers the callback query id (see `waitForCallbackAnswer`). */
  pressButton(userId: number, messageId: number, callbackData: string, options?: PressOptions): string {
    return pressButton(this.world, userId, messageId, callbackData, options);
  }

  blockBot(userId: number): void {
    setBlocked(this.world, userId, true);
  }

  unblockBot(userId: number): void {
    setBlocked(this.world, userId, false);
  }

  forwardChannelPost(userId: number, chatId: number, messageId?: number): Message {
    return structuredClone(forwardChannelPost(this.world, userId, chatId, messageId));
  }

  /** Starts paying an invoice message; answers the pre_checkout_query id. */
  payInvoice(userId: number, messageId: number): string {
    return payInvoice(this.world, userId, messageId);
  }

  requestJoin(userId: number, chatId: number): JoinOutcome {
    return requestJoin(this.world, userId, chatId);
  }

  joinByLink(userId: number, inviteLink: string): JoinOutcome {
    return joinByLink(this.world, userId, inviteLink);
  }

  leave(userId: number, chatId: number): void {
    leave(this.world, userId, chatId);
  }

  postToChannel(chatId: number, text: string): Message {
    return structuredClone(postToChannel(this.world, chatId, text));
  }

  setBotStatus(chatId: number, status: BotChannelStatus, rights?: Partial<ChatAdministratorRights>): void {
    setBotStatus(this.world, chatId, status, rights);
  }

  // --- Reading ---------------------------------------------------------------------------

  /** The seeded channels (and any chat the sandbox knows besides private chats). */
  channels(): Array<{ id: number; type: string; title: string; username?: string }> {
    return [...this.world.chats.values()].map((chat) => ({
      id: chat.id,
      type: chat.type,
      title: chat.title,
      ...(chat.username ? { username: chat.username } : {}),
    }));
  }

  /** A chat's messages as they stand (edits applied, deleted ones gone), oldest first. */
  messages(chatId: number): Message[] {
    return structuredClone(this.world.messages.list(chatId));
  }

  /** The reply keyboard the bot currently shows a user, if any. */
  replyKeyboard(userId: number): KeyboardButton[][] | undefined {
    return structuredClone(this.world.users.get(userId)?.replyKeyboard);
  }

  /** Everyone with a standing in a channel (creator, admins, members, banned), as ChatMember. */
  members(chatId: number): ChatMember[] {
    const chat = this.world.chats.get(chatId);
    if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
    return [...chat.members.keys()].map((userId) => this.member(chatId, userId));
  }

  member(chatId: number, userId: number): ChatMember {
    const chat = this.world.chats.get(chatId);
    if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
    return chatMemberJson(userOf(this.world, userId), currentMember(this.world, chat, userId));
  }

  inviteLinks(chatId: number): ChatInviteLink[] {
    const chat = this.world.chats.get(chatId);
    if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
    return [...chat.inviteLinks.values()].map((link) => inviteLinkJson(this.world, chat, link));
  }

  joinRequests(chatId: number): JoinRequestRecord[] {
    const chat = this.world.chats.get(chatId);
    if (!chat) throw new SandboxClientError('CHANNEL_INVALID');
    return structuredClone([...chat.joinRequests.values()]);
  }

  callbackAnswer(callbackQueryId: string): CallbackAnswer | undefined {
    return structuredClone(this.world.callbackQueries.get(callbackQueryId)?.answer);
  }

  preCheckoutAnswer(preCheckoutQueryId: string): { ok: boolean; error_message?: string } | undefined {
    return structuredClone(this.world.preCheckoutQueries.get(preCheckoutQueryId)?.answer);
  }

  /**
   * The Bot API call log, oldest first; `sinceSeq` keeps calls after that sequence number,
   * `idempotencyKey` the calls a bot made with that `X-Lucien-Idempotency-Key`.
   */
  calls(filter: CallFilter = {}): ApiCallRecord[] {
    return structuredClone(this.world.calls.list(filter));
  }

  /** Updates waiting for getUpdates or the webhook. */
  pendingUpdateCount(): number {
    return this.world.updates.pendingCount;
  }

  /**
   * Takes up to `max` pending updates off the queue, for an outside deliverer (webhook option
   * `delivery: 'manual'`) that now owns them: it posts them and posts again what failed.
   */
  takeUpdates(max = 100): Update[] {
    const taken = this.world.updates.take(max);
    if (taken.length > 0) this.world.changed();
    return structuredClone(taken);
  }

  /** Where and with which secret the bot asked for its updates (setWebhook), if it did. */
  webhookTarget(): { url: string; secretToken?: string } | undefined {
    const config = this.world.webhook.config;
    if (!config) return undefined;
    return { url: config.url, ...(config.secretToken ? { secretToken: config.secretToken } : {}) };
  }

  // --- Waiting ---------------------------------------------------------------------------

  /** Resolves with `check()`'s first truthy value, re-checking whenever the sandbox changes. */
  waitFor<T>(
    check: () => T | undefined | null | false,
    timeoutMs = DEFAULT_WAIT_MS,
    what = 'condition',
  ): Promise<T> {
    const synchronous = () => {
      const value = check();
      // A promise is always truthy: an async check would "pass" at once without being awaited.
      if (value instanceof Promise)
        throw new TypeError('waitFor needs a synchronous check; poll async ones instead');
      return value;
    };
    return waitForChange(this.world, synchronous, timeoutMs, what);
  }

  /**
   * Resolves when the bot sends or edits, in `userId`'s chat, a message matching `predicate`.
   * Only sends and edits after the call count, unless `includeExisting` also admits what the
   * chat already shows.
   */
  waitForMessage(
    userId: number,
    predicate: (message: Message) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
    options: { includeExisting?: boolean } = {},
  ): Promise<Message> {
    const store = this.world.messages;
    const since = options.includeExisting ? -1 : store.revision;
    const check = () =>
      store
        .list(userId)
        .find((m) => m.from?.id === this.world.bot.id && store.revisionOf(m) > since && predicate(m));
    return waitForChange(this.world, check, timeoutMs, `a bot message to ${userId}`).then((m) =>
      structuredClone(m),
    );
  }

  waitForCallbackAnswer(callbackQueryId: string, timeoutMs = DEFAULT_WAIT_MS): Promise<CallbackAnswer> {
    const check = () => this.world.callbackQueries.get(callbackQueryId)?.answer;
    return waitForChange(this.world, check, timeoutMs, `an answer to callback query ${callbackQueryId}`);
  }

  /** Resolves with the next Bot API call of `method` (made after this call) matching `predicate`. */
  waitForCall(
    method: string,
    predicate: (call: ApiCallRecord) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<ApiCallRecord> {
    const sinceSeq = this.world.calls.lastSeq;
    const check = () => this.world.calls.list({ method, sinceSeq }).find(predicate);
    return waitForChange(this.world, check, timeoutMs, `a ${method} call`).then((c) => structuredClone(c));
  }

  /** Ends a waiting getUpdates and stops webhook delivery. */
  close(): void {
    this.world.close();
  }
}
