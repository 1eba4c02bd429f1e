import type { Api, RawApi } from 'grammy';

/** Methods that put a new message in a chat: Telegram's flood limits count these. */
const MESSAGE_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendDocument',
  'sendVoice',
  'sendVideoNote',
  'sendSticker',
  'sendMediaGroup',
  'sendLocation',
  'sendContact',
  'sendPoll',
  'copyMessage',
  'forwardMessage',
]);

export interface LimiterOptions {
  /** Messages per second across all chats (Telegram allows about 30; keep a margin). */
  globalPerSecond: number;
  /** Sustained messages per second to one private chat (Telegram: 1). */
  privatePerSecond?: number;
  /** Messages a private chat may take at once before its rate applies. */
  privateBurst?: number;
  /** Messages per minute to one group or channel (Telegram: 20). */
  groupPerMinute?: number;
  now?: () => number;
  /** How it sleeps until the next message may go (tests drive time themselves). */
  timers?: { set(wake: () => void, ms: number): unknown; clear(handle: unknown): void };
}

/** Tokens refilled continuously; `capacity` at most. */
class Bucket {
  #tokens: number;
  #at: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  /** Milliseconds until a token is there (0: now). */
  waitMs(now: number): number {
    this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#at) * this.perMs);
    this.#at = now;
    return this.#tokens >= 1 ? 0 : Math.ceil((1 - this.#tokens) / this.perMs);
  }

  take(): void {
    this.#tokens -= 1;
  }
}

interface Waiter {
  chat: string;
  isPrivate: boolean;
  grant: () => void;
}

/**
 * Keeps outgoing messages within Telegram's flood limits: a global rate, and a rate per chat,
 * granted strictly in arrival order within each chat (a later message to a chat never passes an
 * earlier one). A 429 from Telegram pauses that chat for its retry_after, so the retry and
 * everything queued behind it wait instead of failing again (the effect itself is retried by the
 * runtime after the same retry_after).
 */
export class OutboundLimiter {
  readonly #global: Bucket;
  readonly #chats = new Map<string, Bucket>();
  readonly #pausedUntil = new Map<string, number>();
  /** Chats with a message on its way: the next one to them waits for its answer. */
  readonly #busy = new Set<string>();
  readonly #queue: Waiter[] = [];
  #timer: unknown;
  readonly #now: () => number;
  readonly #timers: NonNullable<LimiterOptions['timers']>;
  #granted = 0;
  #paused429 = 0;

  constructor(private readonly options: LimiterOptions) {
    this.#now = options.now ?? (() => performance.now());
    this.#timers = options.timers ?? {
      set: (wake, ms) => setTimeout(wake, ms),
      clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
    this.#global = new Bucket(options.globalPerSecond, options.globalPerSecond / 1000, this.#now());
  }

  /** Messages let through, and 429s that paused a chat. */
  get stats(): { granted: number; waiting: number; paused: number } {
    return { granted: this.#granted, waiting: this.#queue.length, paused: this.#paused429 };
  }

  /**
   * Resolves when a message to `chatId` may be sent; call `release` once Telegram answered it.
   * Until then the chat's next message waits, so two sends to one chat never overtake each other.
   */
  async acquire(chatId: number | string): Promise<() => void> {
    await this.#turn(chatId);
    const chat = String(chatId);
    this.#busy.add(chat);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#busy.delete(chat);
      this.#pump();
    };
  }

  #turn(chatId: number | string): Promise<void> {
    const chat = String(chatId);
    // Private chats have positive ids; groups and channels negative ids or @usernames.
    const isPrivate = typeof chatId === 'number' ? chatId > 0 : /^\d+$/.test(chat);
    return new Promise<void>((grant) => {
      this.#queue.push({ chat, isPrivate, grant });
      // With the global rate spent nobody can go now: the wake-up already set will grant it.
      if (this.#timer === undefined || this.#global.waitMs(this.#now()) === 0) this.#pump();
    });
  }

  /** Telegram answered 429 for this chat: its next message waits `ms`. */
  pause(chatId: number | string, ms: number): void {
    this.#paused429++;
    const chat = String(chatId);
    this.#pausedUntil.set(chat, Math.max(this.#pausedUntil.get(chat) ?? 0, this.#now() + ms));
  }

  /** Stops the pending wake-up (at shutdown); waiting callers are released. */
  close(): void {
    this.#timers.clear(this.#timer);
    for (const waiter of this.#queue.splice(0)) waiter.grant();
  }

  /** Grants every waiter that may go now, in order; sleeps until the next one may. */
  #pump(): void {
    this.#timers.clear(this.#timer);
    this.#timer = undefined;
    const now = this.#now();
    let nextMs = Number.POSITIVE_INFINITY;
    const blockedChats = new Set<string>();
    for (let i = 0; i < this.#queue.length; ) {
      const waiter = this.#queue[i] as Waiter;
      if (blockedChats.has(waiter.chat) || this.#busy.has(waiter.chat)) {
        i++;
        continue;
      }
      const globalWait = this.#global.waitMs(now);
      if (globalWait > 0) {
        // Nobody may go before the global rate allows: no need to look further this round.
        nextMs = Math.min(nextMs, globalWait);
        break;
      }
      const bucket = this.#bucketOf(waiter, now);
      const wait = Math.max((this.#pausedUntil.get(waiter.chat) ?? 0) - now, bucket.waitMs(now));
      if (wait > 0) {
        blockedChats.add(waiter.chat);
        nextMs = Math.min(nextMs, wait);
        i++;
        continue;
      }
      this.#global.take();
      bucket.take();
      this.#queue.splice(i, 1);
      this.#granted++;
      waiter.grant();
    }
    if (this.#queue.length > 0 && Number.isFinite(nextMs)) {
      this.#timer = this.#timers.set(() => this.#pump(), Math.max(1, Math.ceil(nextMs)));
    }
  }

  #bucketOf(waiter: Waiter, now: number): Bucket {
    let bucket = this.#chats.get(waiter.chat);
    if (!bucket) {
      const { privatePerSecond = 1, privateBurst = 3, groupPerMinute = 20 } = this.options;
      bucket = waiter.isPrivate
        ? new Bucket(privateBurst, privatePerSecond / 1000, now)
        : new Bucket(groupPerMinute, groupPerMinute / 60_000, now);
      this.#chats.set(waiter.chat, bucket);
    }
    return bucket;
  }
}

/**
 * Puts every message-sending Bot API call of `api` through the limiter, and tells it of 429s.
 * Other calls (bans, edits, getChatMember) pass untouched.
 */
export function limitOutbound(api: Api<RawApi>, limiter: OutboundLimiter): void {
  api.config.use(async (prev, method, payload, signal) => {
    const chatId = MESSAGE_METHODS.has(method)
      ? (payload as { chat_id?: number | string }).chat_id
      : undefined;
    const release = chatId === undefined ? undefined : await limiter.acquire(chatId);
    let result: Awaited<ReturnType<typeof prev>>;
    try {
      result = await prev(method, payload, signal);
    } finally {
      release?.();
    }
    if (chatId !== undefined && !result.ok && result.error_code === 429) {
      limiter.pause(chatId, (result.parameters?.retry_after ?? 1) * 1000);
    }
    return result;
  });
}
