import { tooManyRequests } from './errors.ts';

export interface FloodOptions {
  enabled: boolean;
  /** Messages per second across all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Sustained messages per second to one private chat (Telegram: 1). */
  perPrivateChatPerSecond?: number;
  /** Messages a private chat may take at once before the 1/s rate applies. */
  privateChatBurst?: number;
  /** Messages per minute to one group or channel (Telegram: 20). */
  perGroupPerMinute?: number;
}

/** A token bucket: `capacity` sends at once, refilled continuously at `perMs` tokens per millisecond. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Milliseconds until one token is available (0 when one is). */
  waitMs(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.updatedAt) * this.perMs);
    this.updatedAt = now;
    return this.tokens >= 1 ? 0 : (1 - this.tokens) / this.perMs;
  }

  take(): void {
    this.tokens -= 1;
  }
}

/**
 * Telegram's flood limits for message-sending methods. It runs on real (monotonic) time, not
 * the sandbox clock: the limits are about how fast a bot calls, and a test that freezes or
 * fast-forwards the app's clock must not change them.
 */
export class FloodControl {
  private readonly global: TokenBucket;
  private readonly chats = new Map<number, TokenBucket>();
  private readonly enabled: boolean;
  private readonly privatePerSecond: number;
  private readonly privateBurst: number;
  private readonly groupPerMinute: number;

  constructor(
    options: FloodOptions | undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.enabled = options?.enabled ?? true;
    const globalPerSecond = options?.globalPerSecond ?? 30;
    this.privatePerSecond = options?.perPrivateChatPerSecond ?? 1;
    this.privateBurst = options?.privateChatBurst ?? 3;
    this.groupPerMinute = options?.perGroupPerMinute ?? 20;
    this.global = new TokenBucket(globalPerSecond, globalPerSecond / 1000, clock());
  }

  /** Counts one message to `chatId`, or throws 429 with the seconds until it would be allowed. */
  consume(chatId: number, chatIsPrivate: boolean): void {
    if (!this.enabled) return;
    const now = this.clock();
    let bucket = this.chats.get(chatId);
    if (!bucket) {
      bucket = chatIsPrivate
        ? new TokenBucket(this.privateBurst, this.privatePerSecond / 1000, now)
        : new TokenBucket(this.groupPerMinute, this.groupPerMinute / 60_000, now);
      this.chats.set(chatId, bucket);
    }
    const waitMs = Math.max(this.global.waitMs(now), bucket.waitMs(now));
    if (waitMs > 0) throw tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
    this.global.take();
    bucket.take();
  }
}
