import type { ConnectionPool } from '@databases/pg';
import type { Logger } from '../log.ts';
import { runInEffectScope } from './effect-scope.ts';
import { PermanentEffectError, RetryableEffectError } from './errors.ts';
import { claimStaleEffects, markEffectDone, markEffectFailed, retryEffectLater } from './outbox.ts';
import type { EffectHandler, OutboxEffect } from './types.ts';

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
  /** Waits up to this long in-process for a retry (429 retry_after); longer ones go to the sweeper. */
  maxInlineRetryMs?: number;
}

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

  constructor(private readonly options: EffectExecutorOptions) {
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#maxInlineRetryMs = options.maxInlineRetryMs ?? 10_000;
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
    const { db, log, handlers } = this.options;
    const handler = handlers[effect.type];
    const context = {
      effectId: effect.id,
      actorId: effect.actorId,
      idempotencyKey: effect.idempotencyKey,
      attempt: effect.attempts + 1,
    };
    try {
      if (!handler) throw new PermanentEffectError(`no handler for effect ${effect.type}`);
      for (let attempt = effect.attempts + 1; ; attempt++) {
        try {
          const result = await runInEffectScope(
            { idempotencyKey: effect.idempotencyKey, actorId: effect.actorId, attempt },
            () => handler(effect.params, { ...context, attempt }),
          );
          await this.#finish(effect, { ok: true, result });
          return;
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
            { effect: effect.idempotencyKey, type: effect.type, attempt, delay, err: message },
            'effect will be retried',
          );
          if (delay > this.#maxInlineRetryMs) {
            await retryEffectLater(db, effect.id, delay, message);
            return;
          }
          await sleep(delay);
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ effect: effect.idempotencyKey, type: effect.type, err: message }, 'effect failed for good');
      await this.#finish(effect, { ok: false, error: message }).catch((e) =>
        log.error({ err: e, effect: effect.idempotencyKey }, 'could not record a failed effect'),
      );
    }
  }

  async #finish(
    effect: OutboxEffect,
    outcome: { ok: boolean; result?: unknown; error?: string },
  ): Promise<void> {
    if (effect.replyEvent) {
      await this.options.deliverReply(effect, outcome);
    } else if (outcome.ok) {
      await markEffectDone(this.options.db, effect.id);
    } else {
      await markEffectFailed(this.options.db, effect.id, outcome.error ?? 'failed');
    }
  }
}
