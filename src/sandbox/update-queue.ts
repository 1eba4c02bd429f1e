import type { Update } from 'grammy/types';
import { conflict } from './errors.ts';

export type UpdateType = Exclude<keyof Update, 'update_id'>;
export type UpdateBody = Omit<Update, 'update_id'>;

/** Update types a bot receives when it never named any (Telegram's documented default). */
const OPT_IN_UPDATE_TYPES = new Set<string>(['chat_member', 'message_reaction', 'message_reaction_count']);

interface PendingPoll {
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The bot's pending updates, served to getUpdates or to the webhook delivery. Like Telegram,
 * it drops at creation the updates that the bot's current `allowed_updates` exclude, and one
 * getUpdates at a time may wait: a newer call terminates the waiting one with 409.
 */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextUpdateId = 1;
  private allowed: string[] = [];
  private poll: PendingPoll | undefined;
  private readonly pushListeners = new Set<() => void>();

  get allowedUpdates(): string[] {
    return [...this.allowed];
  }

  /** An empty list restores the default; `undefined` keeps the previous setting. */
  setAllowedUpdates(types: string[] | undefined): void {
    if (types !== undefined) this.allowed = [...types];
  }

  accepts(type: string): boolean {
    return this.allowed.length === 0 ? !OPT_IN_UPDATE_TYPES.has(type) : this.allowed.includes(type);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  push(body: UpdateBody): Update | undefined {
    const type = Object.keys(body)[0];
    if (type === undefined || !this.accepts(type)) return undefined;
    const update = { update_id: this.nextUpdateId++, ...body } as Update;
    this.pending.push(update);
    if (this.poll) this.answerPoll();
    for (const listener of this.pushListeners) listener();
    return update;
  }

  onPush(listener: () => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  peek(): Update | undefined {
    return this.pending[0];
  }

  /** Removes and returns up to `max` updates from the head (an outside webhook deliverer). */
  take(max: number): Update[] {
    return this.pending.splice(0, max);
  }

  /** Removes the head once it was delivered (webhook). */
  shift(): void {
    this.pending.shift();
  }

  dropPending(): void {
    this.pending = [];
  }

  /** getUpdates' `offset`: confirms updates below it; a negative one keeps only the last -offset. */
  confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((update) => update.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  /** Answers at once when updates wait; otherwise waits up to `timeoutSeconds` for one. */
  longPoll(limit: number, timeoutSeconds: number, signal?: AbortSignal): Promise<Update[]> {
    this.terminatePoll();
    if (this.pending.length > 0 || timeoutSeconds <= 0) return Promise.resolve(this.pending.slice(0, limit));
    return new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(() => this.answerPoll(), timeoutSeconds * 1000);
      const poll: PendingPoll = { limit, resolve, reject, timer };
      this.poll = poll;
      signal?.addEventListener(
        'abort',
        () => {
          if (this.poll !== poll) return;
          clearTimeout(poll.timer);
          this.poll = undefined;
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Ends a waiting getUpdates with Telegram's conflict error (a newer call or a webhook took over). */
  terminatePoll(
    reason = conflict(
      'terminated by other getUpdates request; make sure that only one bot instance is running',
    ),
  ): void {
    const poll = this.poll;
    if (!poll) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    poll.reject(reason);
  }

  private answerPoll(): void {
    const poll = this.poll;
    if (!poll) return;
    this.poll = undefined;
    clearTimeout(poll.timer);
    poll.resolve(this.pending.slice(0, poll.limit));
  }
}
