import type { ConnectionPool } from '@databases/pg';
import type { Logger } from '../log.ts';
import {
  PermanentEffectError,
  RetryableEffectError,
  SnapshotRestoreError,
  TransitionError,
  UnknownMachineError,
} from './errors.ts';
import { GroupCommit } from './group-commit.ts';
import { claimStaleEffects, markEffectFailed, markEffectsDone, retryEffectLater } from './outbox.ts';
import type { EffectHandler, OutboxEffect, RuntimeObserver } from './types.ts';

/** Delivers an effect's result to its actor and marks the effect done, in one transaction. */
export type ReplyDelivery = (
  effect: OutboxEffect,
  reply: { ok: boolean; result?: unknown; error?: string },
) => Promise<void>;

export interface EffectExecutorOptions {
  db: ConnectionPool;
  handlers: Record<string, EffectHandler>;
  deliverReply: ReplyDelivery;
  log: Logger;
  /** Attempts before an effect is given up as failed. */
  maxAttempts?: number;
  observer?: RuntimeObserver;
  /** Waits up to this long in-process for a retry (429 retry_after); longer ones go to the sweeper. */
  maxInlineRetryMs?: number;
  /** Effects running at once; the others wait their turn, in the order they came. */
  maxConcurrent?: number;
}

/**
 * Effects running at once by default. A wave of expiries commits hundreds of effects within a
 * second; unbounded, each would open a connection of its own to the Bot API, where a few dozen
 * kept-alive ones carry more than Telegram lets a bot send.
 */
export const MAX_CONCURRENT_EFFECTS = 64;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs outbound effects after their transition committed, one actor's effects strictly in
 * version order, different actors concurrently. Every outcome is written back to the outbox.
 */
export class EffectExecutor {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<number>();
  readonly #maxAttempts: number;
  readonly #maxInlineRetryMs: number;
  /** Effects without a reply are marked done together, a few per statement under load. */
  readonly #completions: GroupCommit<number>;
  readonly #maxConcurrent: number;
  #running = 0;
  /**
   * Effects whose turn has come (their actor's earlier ones are done) waiting for a free slot,
   * from `#next` on: a wave can queue tens of thousands, and shifting an array that long on
   * every slot freed would cost the square of that.
   */
  #waiting: (() => void)[] = [];
  #next = 0;

  constructor(private readonly options: EffectExecutorOptions) {
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#maxInlineRetryMs = options.maxInlineRetryMs ?? 10_000;
    this.#maxConcurrent = options.maxConcurrent ?? MAX_CONCURRENT_EFFECTS;
    this.#completions = new GroupCommit((ids) => markEffectsDone(options.db, ids));
  }

  /** Waits for a free slot; FIFO among the waiting. */
  #acquire(): Promise<void> {
    if (this.#running < this.#maxConcurrent) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot to the next waiting effect, if any. */
  #release(): void {
    const next = this.#waiting[this.#next];
    if (!next) {
      this.#running--;
      return;
    }
    this.#waiting[this.#next++] = undefined as never;
    if (this.#next === this.#waiting.length) {
      this.#waiting = [];
      this.#next = 0;
    }
    next();
  }

  enqueue(effects: OutboxEffect[]): void {
    for (const effect of effects) {
      if (this.#inFlight.has(effect.id)) continue;
      this.#inFlight.add(effect.id);
      const previous = this.#chains.get(effect.actorId) ?? Promise.resolve();
      const next = previous.then(() => this.#run(effect)).finally(() => this.#inFlight.delete(effect.id));
      this.#chains.set(effect.actorId, next);
      void next.finally(() => {
        if (this.#chains.get(effect.actorId) === next) this.#chains.delete(effect.actorId);
      });
    }
  }

  /** Picks up effects a crashed or stopped process left undone. Returns how many it took. */
  async sweep(limit = 500): Promise<number> {
    const stale = (await claimStaleEffects(this.options.db, limit)).filter((e) => !this.#inFlight.has(e.id));
    if (stale.length > 0) this.options.log.info({ count: stale.length }, 'sweeping effects left undone');
    this.enqueue(stale);
    return stale.length;
  }

  /** Resolves when every effect enqueued so far has finished (used at shutdown and in tests). */
  async drain(): Promise<void> {
    while (this.#chains.size > 0) await Promise.allSettled([...this.#chains.values()]);
  }

  get pending(): number {
    return this.#inFlight.size;
  }

  async #run(effect: OutboxEffect): Promise<void> {
    await this.#acquire();
    try {
      const started = performance.now();
      const outcome = await this.#execute(effect);
      if (!outcome) return;
      await this.#record(effect, outcome);
      this.options.observer?.effectFinished(
        effect.type,
        outcome.ok ? 'ok' : 'error',
        (performance.now() - started) / 1000,
      );
    } finally {
      this.#release();
    }
  }

  /**
   * Runs the handler, retrying what may succeed later; undefined when the effect was put back
   * for the sweeper (a long retry_after). Never throws.
   */
  async #execute(effect: OutboxEffect): Promise<Outcome | undefined> {
    const { db, log, handlers } = this.options;
    const handler = handlers[effect.type];
    const context = { effectId: effect.id, actorId: effect.actorId, idempotencyKey: effect.idempotencyKey };
    try {
      if (!handler) throw new PermanentEffectError(`no handler for effect ${effect.type}`);
      for (let attempt = effect.attempts + 1; ; attempt++) {
        try {
          const result = await handler(effect.params, { ...context, attempt });
          return { ok: true, result };
        } catch (error) {
          if (error instanceof PermanentEffectError) throw error;
          const message = error instanceof Error ? error.message : String(error);
          if (attempt >= this.#maxAttempts)
            throw new PermanentEffectError(`gave up after ${attempt} attempts: ${message}`);
          const delay =
            error instanceof RetryableEffectError && error.retryAfterMs !== undefined
              ? error.retryAfterMs
              : Math.min(60_000, 500 * 2 ** (attempt - 1));
          log.warn(
            { ...logFields(effect), type: effect.type, attempt, delay, err: message },
            'effect will be retried',
          );
          if (delay > this.#maxInlineRetryMs) {
            await retryEffectLater(db, effect.id, delay, message).catch((err) =>
              log.warn({ err, ...logFields(effect) }, 'retry not recorded; the sweeper will take it'),
            );
            return undefined;
          }
          await sleep(delay);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ ...logFields(effect), type: effect.type, err: message }, 'effect failed for good');
      return { ok: false, error: message };
    }
  }

  /**
   * Writes the outcome back (and delivers the reply). The handler is not run again for a failure
   * here: the write is retried; a reply its actor cannot take marks the effect failed instead.
   */
  async #record(effect: OutboxEffect, outcome: Outcome): Promise<void> {
    const { log, db } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#finish(effect, outcome);
        return;
      } catch (error) {
        if (isLogicError(error)) {
          log.error({ err: error, ...logFields(effect) }, 'the reply could not be applied');
          await markEffectFailed(db, effect.id, `reply not applied: ${(error as Error).message}`).catch(
            () => {},
          );
          return;
        }
        if (attempt >= RECORD_ATTEMPTS) {
          log.error(
            { err: error, ...logFields(effect) },
            'outcome not recorded; the sweeper will run the effect again',
          );
          return;
        }
        log.warn({ err: error, ...logFields(effect), attempt }, 'outcome not recorded yet; retrying');
        await sleep(Math.min(5_000, 100 * 2 ** attempt));
      }
    }
  }

  async #finish(effect: OutboxEffect, outcome: Outcome): Promise<void> {
    if (effect.replyEvent) {
      await this.options.deliverReply(effect, outcome);
    } else if (outcome.ok) {
      await this.#completions.add(effect.id);
    } else {
      await markEffectFailed(this.options.db, effect.id, outcome.error ?? 'failed');
    }
  }
}

type Outcome = { ok: boolean; result?: unknown; error?: string };

/** What every line about an effect carries: its key, its actor, and the update behind it if known. */
function logFields(effect: OutboxEffect): Record<string, string | number> {
  const fields: Record<string, string | number> = { effect: effect.idempotencyKey, actorId: effect.actorId };
  if (effect.updateId !== undefined) fields.updateId = effect.updateId;
  return fields;
}

/** How often writing an effect's outcome is tried before it is left to the sweeper. */
const RECORD_ATTEMPTS = 6;

/** Errors of a machine or its data, which no retry can cure. */
function isLogicError(error: unknown): boolean {
  return (
    error instanceof TransitionError ||
    error instanceof SnapshotRestoreError ||
    error instanceof UnknownMachineError
  );
}
