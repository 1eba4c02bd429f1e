import { randomUUID } from 'node:crypto';
import type { ConnectionPool, Queryable, Transaction } from '@databases/pg';
import type { AnyMachineSnapshot } from 'xstate';
import type { Logger } from '../log.ts';
import { type EffectRequest, planActions, stateToString } from './actions.ts';
import { ApplyBatcher } from './apply-batcher.ts';
import type { Clock } from './clock.ts';
import { EffectExecutor } from './effects.ts';
import { ActorConflictError, PermanentEffectError, SnapshotRestoreError, TransitionError } from './errors.ts';
import { EFFECT_LEASE_SECONDS, markEffectDone, markEffectFailed } from './outbox.ts';
import { pureInitialTransition, pureTransition } from './pure-transition.ts';
import type { MachineRegistry } from './registry.ts';
import { restoreSnapshot } from './restore.ts';
import {
  applyTransition,
  applyTransitions,
  type Claim,
  CONFLICT,
  claimUpdate,
  isConflictError,
  loadActor,
  loadActors,
  quarantineSnapshot,
  type StoredActor,
  type TransitionWrite,
  type TransitionWritten,
  transitionItem,
} from './store.ts';
import { type ScheduledTimer, takeTimer, takeTimers, timersDueBefore } from './timers.ts';
import type {
  ActorEvent,
  EffectContext,
  EffectHandler,
  MachineDefinition,
  OutboxEffect,
  PersistedSnapshot,
  RuntimeObserver,
  TimerQueue,
} from './types.ts';

/** The cache the host keeps snapshots in; it never throws (see adapters/cache). */
export interface HostCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
}

/** A domain write that must commit with the transition (`db.*` actions). */
export type DbEffectHandler = (
  tx: Transaction,
  params: Record<string, unknown>,
  actorId: string,
) => Promise<void>;

/**
 * The same domain write for many actors in one statement (transitions written together): it
 * must leave what the single handler would, called for each item in order.
 */
export type DbEffectBatchHandler = (
  tx: Transaction,
  items: { params: Record<string, unknown>; actorId: string }[],
) => Promise<void>;

export interface HostOptions {
  db: ConnectionPool;
  cache: HostCache;
  registry: MachineRegistry;
  clock: Clock;
  log: Logger;
  effects?: Record<string, EffectHandler>;
  dbEffects?: Record<string, DbEffectHandler>;
  /** Those `db.*` writes that can also be made for many actors at once. */
  dbEffectBatches?: Record<string, DbEffectBatchHandler>;
  /** Told of finished effects and fired timers (metrics). */
  observer?: RuntimeObserver;
  /** Attempts of one transaction before a conflict is given up (the later ones lock the row). */
  maxAttempts?: number;
  /** Outbound effects running at once (default MAX_CONCURRENT_EFFECTS). */
  maxConcurrentEffects?: number;
}

export type SendResult =
  | { status: 'applied'; actorId: string; version: number; state: string; snapshot: AnyMachineSnapshot }
  | { status: 'duplicate' };

/** A committed transition, as commit listeners hear of it. */
export type CommitListener = (commit: {
  actorId: string;
  version: number;
  state: string;
  eventType: string;
}) => void;

export type TxSend = (
  actorId: string,
  event: ActorEvent,
  options?: { updateId?: number },
) => Promise<SendResult>;

interface Committed {
  actorId: string;
  version: number;
  state: string;
  eventType: string;
  cacheValue: string;
  ttl: number;
  scheduled: ScheduledTimer[];
  cancelled: string[];
  effects: OutboxEffect[];
}

/** A transition computed in memory from the actor's stored snapshot, not yet written. */
interface Computed {
  write: TransitionWrite;
  dbEffects: EffectRequest[];
  /** The stored snapshot could not be restored: it is kept aside and the actor starts afresh. */
  quarantine?: { stored: StoredActor; reason: string };
  snapshot: AnyMachineSnapshot;
  cacheTtl: number;
}

const cacheKey = (actorId: string) => `actor:${actorId}`;

/**
 * The effect by which one actor sends an event to another (`{ type: 'runtime.send', params:
 * { to, event } }`): delivered exactly once, in the transaction that marks the effect done.
 */
export const SEND_EFFECT = 'runtime.send';
/**
 * Another writer got there first: an actor's version moved on, or Postgres broke a deadlock
 * (a timer firing while a renewal commits lock the same two rows in opposite orders) or a
 * serialization failure. The whole transaction runs again.
 */
function isRetryable(error: unknown): boolean {
  if (error instanceof ActorConflictError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** Every result once all have settled; the first error then, if any failed (none is left running). */
async function settledAll<T>(work: Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((o) => (o as PromiseFulfilledResult<T>).value);
}

/**
 * Timers fired in one transaction. A transaction applies its timers one after the other, so a
 * batch of jobs is split into a few transactions that run side by side.
 */
const TIMERS_PER_TRANSACTION = 10;
/** Actors whose overdue timers are fired at the same time (maintenance, time travel). */
const DUE_TIMER_CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The actor host: load -> pure transition -> one transaction -> after commit, cache and effects.
 * No actor lives in memory between events; an actor is its row.
 */
export class ActorHost {
  readonly executor: EffectExecutor;
  #timerQueue: TimerQueue | undefined;
  readonly #locks = new Map<string, Promise<unknown>>();
  /** Timer firings under way in this process (jobs, maintenance, the start-up backlog). */
  readonly #firing = new Set<Promise<unknown>>();
  readonly #commitListeners = new Set<CommitListener>();
  readonly #maxAttempts: number;
  readonly #batcher: ApplyBatcher;

  constructor(private readonly options: HostOptions) {
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#batcher = new ApplyBatcher(options.db);
    this.executor = new EffectExecutor({
      db: options.db,
      handlers: { ...options.effects, [SEND_EFFECT]: (params, context) => this.#forward(params, context) },
      log: options.log.child({ part: 'effects' }),
      observer: options.observer,
      maxConcurrent: options.maxConcurrentEffects,
      deliverReply: (effect, reply) => this.#deliverReply(effect, reply),
    });
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** The pool the host writes through (maintenance uses it too). */
  get db(): ConnectionPool {
    return this.options.db;
  }

  get registry(): MachineRegistry {
    return this.options.registry;
  }

  /** The queue that wakes timers up; without one, timers fire only through `fireDueTimers`. */
  useTimerQueue(queue: TimerQueue | undefined): void {
    this.#timerQueue = queue;
  }

  /** Sends one event to one actor. Events to the same actor from this process are applied in order. */
  send(actorId: string, event: ActorEvent, options: { updateId?: number } = {}): Promise<SendResult> {
    const claim = options.updateId === undefined ? undefined : { updateId: options.updateId };
    return this.#serialized(actorId, () => this.#sendClaimed(actorId, event, claim));
  }

  /** Runs `work` after the work already queued for this actor in this process. */
  #serialized<T>(actorId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(actorId) ?? Promise.resolve();
    const run = previous.then(work, work);
    this.#locks.set(actorId, run);
    void run.then(
      () => this.#releaseLock(actorId, run),
      () => this.#releaseLock(actorId, run),
    );
    return run;
  }

  /**
   * The hot path: read (cache, else one SELECT), compute, and write everything in one statement
   * with the claim that makes the event exactly-once. A transition with `db.*` effects, a
   * snapshot to quarantine, or a concurrent writer goes through a full transaction instead.
   */
  async #sendClaimed(
    actorId: string,
    rawEvent: ActorEvent,
    claim: Claim | undefined,
    updateId = claim && 'updateId' in claim ? claim.updateId : undefined,
  ): Promise<SendResult> {
    const computed = await this.#load(this.options.db, actorId, rawEvent, false);
    if (computed.dbEffects.length === 0 && !computed.quarantine) {
      try {
        const written = await this.#batcher.apply(computed.write, claim);
        if (written.status === 'duplicate') return { status: 'duplicate' };
        await this.#afterCommit([this.#committed(computed, written, updateId)]);
        return this.#applied(computed);
      } catch (error) {
        if (!isRetryable(error)) throw error;
      }
    }
    // After a conflict: read again under a row lock. With `db.*` effects or a quarantine: a
    // transaction, whose first attempt writes the transition already computed.
    const conflicted = computed.dbEffects.length === 0 && !computed.quarantine;
    return this.#transaction(
      async (tx, send) => {
        if (claim && !(await this.#claim(tx, claim))) return { status: 'duplicate' } as const;
        return send(actorId, rawEvent);
      },
      conflicted,
      conflicted ? undefined : computed,
    );
  }

  /** Takes the claim inside a transaction; false when it was already taken. */
  async #claim(tx: Transaction, claim: Claim): Promise<boolean> {
    if ('updateId' in claim) return claimUpdate(tx, claim.updateId);
    return claim.error === undefined
      ? markEffectDone(tx, claim.effectId)
      : markEffectFailed(tx, claim.effectId, claim.error);
  }

  /**
   * Runs `work` in one transaction in which `send` applies events to actors, so that domain
   * writes (claiming an invitation) commit together with the transitions. On a concurrent
   * write the whole of `work` is retried; from the second attempt the actor rows are locked.
   */
  transaction<T>(work: (tx: Transaction, send: TxSend) => Promise<T>): Promise<T> {
    return this.#transaction(work, false);
  }

  /**
   * `computed`: a transition already computed from an unlocked read, used by the first attempt
   * instead of reading again (its write still checks the version it was computed from).
   */
  async #transaction<T>(
    work: (tx: Transaction, send: TxSend) => Promise<T>,
    lockFromStart: boolean,
    computed?: Computed,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const committed: Committed[] = [];
      const lockRows = lockFromStart || attempt > 1;
      let reusable = attempt === 1 ? computed : undefined;
      try {
        const result = await this.options.db.tx((tx) =>
          work(tx, (actorId, event, opts) => {
            const ready = reusable?.write.actorId === actorId ? reusable : undefined;
            reusable = undefined;
            return this.#apply(tx, actorId, event, opts ?? {}, lockRows, committed, ready);
          }),
        );
        await this.#afterCommit(committed);
        return result;
      } catch (error) {
        if (!isRetryable(error) || attempt >= this.#maxAttempts) throw error;
        await sleep(Math.random() * 5 * attempt);
      }
    }
  }

  /**
   * Marks a Telegram update as applied inside `transaction` work that does more than one send
   * (the first send would otherwise claim it); false when it already was.
   */
  claimUpdate(tx: Transaction, updateId: number): Promise<boolean> {
    return claimUpdate(tx, updateId);
  }

  /** Applies a fired timer, unless it was cancelled or already fired. */
  fireTimer(timerId: string): Promise<boolean> {
    return this.#trackFiring(this.#fireTimer(timerId));
  }

  async #fireTimer(timerId: string): Promise<boolean> {
    return this.transaction(async (tx, send) => {
      const timer = await takeTimer(tx, timerId);
      if (!timer) return false;
      this.options.observer?.timerFired(Math.max(0, this.clock.now() - timer.dueAt.getTime()) / 1000);
      await send(timer.actorId, timer.event as ActorEvent);
      return true;
    });
  }

  /**
   * Fires many timers (a batch of due jobs, a wave of expiries) in one transaction: one claim
   * statement, one commit. If that transaction fails for any reason but a conflict (which it
   * retries itself), each timer is fired on its own, so one actor's failure holds back no other.
   * Resolves to how many fired; rejects when a timer fired on its own failed (its job retries).
   */
  fireTimers(timerIds: string[]): Promise<number> {
    return this.#trackFiring(this.#fireTimers(timerIds));
  }

  async #fireTimers(timerIds: string[]): Promise<number> {
    if (timerIds.length > TIMERS_PER_TRANSACTION) {
      const chunks: string[][] = [];
      for (let i = 0; i < timerIds.length; i += TIMERS_PER_TRANSACTION) {
        chunks.push(timerIds.slice(i, i + TIMERS_PER_TRANSACTION));
      }
      return (await settledAll(chunks.map((chunk) => this.#fireTimers(chunk)))).reduce((a, b) => a + b, 0);
    }
    const alone = async () =>
      (await settledAll(timerIds.map((id) => this.#fireTimer(id)))).filter(Boolean).length;
    if (timerIds.length < 2) return alone();
    try {
      let fired: { dueAt: Date }[];
      try {
        fired = await this.#fireTogether(timerIds);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        // An actor moved on meanwhile: one transaction still, each transition locking its row.
        fired = await this.#transaction(async (tx, send) => {
          const timers = await takeTimers(tx, timerIds);
          for (const timer of timers) await send(timer.actorId, timer.event as ActorEvent);
          return timers;
        }, true);
      }
      const now = this.clock.now();
      for (const timer of fired)
        this.options.observer?.timerFired(Math.max(0, now - timer.dueAt.getTime()) / 1000);
      return fired.length;
    } catch (error) {
      this.options.log.warn(
        { err: error, timers: timerIds.length },
        'a batch of timers failed; firing each alone',
      );
      return alone();
    }
  }

  /**
   * A batch of timers in one transaction of a few statements: the claim, one read of their actors
   * (a wave's actors are rarely cached), each kind of `db.*` write once where it can take many,
   * and every transition in one statement. Throws a retryable error, having written nothing,
   * when an actor moved on meanwhile.
   */
  async #fireTogether(timerIds: string[]): Promise<{ dueAt: Date }[]> {
    const committed: Committed[] = [];
    const fired = await this.options.db.tx(async (tx) => {
      const timers = await takeTimers(tx, timerIds);
      const actorIds = timers.map((t) => t.actorId);
      const distinct = new Set(actorIds);
      // An actor with two timers in the batch: its second transition must start from its first,
      // as the path that applies them one by one, each under its row lock, does.
      if (distinct.size < actorIds.length) throw new ActorConflictError(actorIds.join(','));
      const stored = await loadActors(tx, [...distinct]);
      const computed = timers.map((t) =>
        this.#compute(t.actorId, t.event as ActorEvent, stored.get(t.actorId)),
      );
      for (const c of computed) if (c.quarantine) await this.#quarantine(tx, c.write, c.quarantine);
      await this.#runDbEffectsTogether(tx, computed);
      const results = await applyTransitions(
        tx,
        computed.map((c) => transitionItem(c.write)),
      ).catch((error: unknown) => {
        throw isConflictError(error) ? new ActorConflictError(computed[0]?.write.actorId ?? '') : error;
      });
      results.forEach((result, i) => {
        const c = computed[i] as Computed;
        if (result === CONFLICT || result.status !== 'applied') throw new ActorConflictError(c.write.actorId);
        committed.push(this.#committed(c, result, undefined));
      });
      return timers;
    });
    await this.#afterCommit(committed);
    return fired;
  }

  /**
   * The `db.*` writes of transitions of different actors, in rounds (every actor's first write,
   * then every second one...) so that each actor's writes keep their order; within a round, one
   * call for all the writes of a kind that has a batch handler.
   */
  async #runDbEffectsTogether(tx: Transaction, computed: Computed[]): Promise<void> {
    const rounds = Math.max(0, ...computed.map((c) => c.dbEffects.length));
    for (let round = 0; round < rounds; round++) {
      const byType = new Map<
        string,
        { params: Record<string, unknown>; actorId: string; eventType: string }[]
      >();
      for (const c of computed) {
        const effect = c.dbEffects[round];
        if (!effect) continue;
        const items = byType.get(effect.type) ?? [];
        items.push({ params: effect.params, actorId: c.write.actorId, eventType: c.write.eventType });
        byType.set(effect.type, items);
      }
      for (const [type, items] of byType) {
        const many = this.options.dbEffectBatches?.[type];
        if (many && items.length > 1) await many(tx, items);
        else
          for (const item of items)
            await this.#runDbEffect(tx, type, item.params, item.actorId, item.eventType);
      }
    }
  }

  /** One `db.*` write, by its handler. */
  async #runDbEffect(
    tx: Transaction,
    type: string,
    params: Record<string, unknown>,
    actorId: string,
    eventType: string,
  ): Promise<void> {
    const handler = this.options.dbEffects?.[type];
    if (!handler) throw new TransitionError(actorId, eventType, { cause: new Error(`no db effect ${type}`) });
    await handler(tx, params, actorId);
  }

  /**
   * Fires timers due by the clock at least `graceMs` ago: after time travel (grace 0), or when
   * a job went missing (maintenance leaves recent ones to their jobs).
   */
  fireDueTimers(limit = 1000, graceMs = 0): Promise<number> {
    return this.#trackFiring(this.#fireDueTimers(limit, graceMs));
  }

  #trackFiring<T>(work: Promise<T>): Promise<T> {
    this.#firing.add(work);
    void work.then(
      () => this.#firing.delete(work),
      () => this.#firing.delete(work),
    );
    return work;
  }

  /**
   * Resolves when no timer is firing in this process and every effect enqueued so far has
   * finished: a timer taken by a concurrent firing (a job, the start-up backlog) has then
   * committed and run its effects too.
   */
  async settle(): Promise<void> {
    while (this.#firing.size > 0 || this.executor.pending > 0) {
      await Promise.allSettled([...this.#firing]);
      await this.executor.drain();
    }
  }

  async #fireDueTimers(limit: number, graceMs: number): Promise<number> {
    const due = await timersDueBefore(this.options.db, new Date(this.clock.now() - graceMs), limit);
    // One actor's timers in due order; different actors a few at a time.
    const byActor = new Map<string, string[]>();
    for (const timer of due) byActor.set(timer.actorId, [...(byActor.get(timer.actorId) ?? []), timer.id]);
    const queues = [...byActor.values()];
    let fired = 0;
    const worker = async () => {
      for (let ids = queues.shift(); ids; ids = queues.shift()) {
        for (const id of ids) if (await this.fireTimer(id)) fired++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DUE_TIMER_CONCURRENCY, queues.length) }, worker));
    return fired;
  }

  /** Re-sends (or moves earlier) the jobs of timers due within `horizonMs`; the queue ignores ids it already has. */
  async reconcileTimers(horizonMs = 5 * 60_000): Promise<number> {
    if (!this.#timerQueue) return 0;
    const soon = await timersDueBefore(this.options.db, new Date(this.clock.now() + horizonMs), 10_000);
    if (soon.length > 0) await this.#timerQueue.reschedule(soon);
    return soon.length;
  }

  /** The stored state of an actor, or undefined if it never received an event. */
  async read(
    actorId: string,
  ): Promise<{ version: number; state: string; snapshot: PersistedSnapshot } | undefined> {
    const stored = await loadActor(this.options.db, actorId, false);
    if (!stored) return undefined;
    return {
      version: stored.version,
      state: stateToString(stored.snapshot.value),
      snapshot: stored.snapshot,
    };
  }

  #releaseLock(actorId: string, run: Promise<unknown>): void {
    if (this.#locks.get(actorId) === run) this.#locks.delete(actorId);
  }

  async #apply(
    tx: Transaction,
    actorId: string,
    rawEvent: ActorEvent,
    opts: { updateId?: number },
    lockRow: boolean,
    committed: Committed[],
    ready?: Computed,
  ): Promise<SendResult> {
    if (opts.updateId !== undefined && !(await claimUpdate(tx, opts.updateId)))
      return { status: 'duplicate' };
    const computed = ready ?? (await this.#load(tx, actorId, rawEvent, lockRow));
    if (computed.quarantine) await this.#quarantine(tx, computed.write, computed.quarantine);
    for (const effect of computed.dbEffects)
      await this.#runDbEffect(tx, effect.type, effect.params, actorId, computed.write.eventType);
    const written = await applyTransition(tx, computed.write);
    if (written.status !== 'applied') throw new ActorConflictError(actorId);
    committed.push(this.#committed(computed, written, opts.updateId));
    return this.#applied(computed);
  }

  /**
   * Reads the actor (the cache first, unless the row is to be locked) and computes the event's
   * transition. A cached snapshot that does not restore is not trusted: the row is read again,
   * and only a stored snapshot that does not restore either is quarantined.
   */
  async #load(db: Queryable, actorId: string, event: ActorEvent, lockRow: boolean): Promise<Computed> {
    const cached = lockRow ? undefined : await this.#readCache(actorId);
    if (cached) {
      const computed = this.#compute(actorId, event, cached);
      if (!computed.quarantine) return computed;
    }
    return this.#compute(actorId, event, await loadActor(db, actorId, lockRow));
  }

  /**
   * The pure part of applying an event: restore (or start) the actor, run the machine's
   * transition, and sort what it asked for into the rows one write will make.
   */
  #compute(actorId: string, rawEvent: ActorEvent, stored: StoredActor | undefined): Computed {
    const { registry, clock, log } = this.options;
    const { definition, key } = registry.resolve(actorId);
    const now = clock.now();
    const event: ActorEvent = rawEvent.at === undefined ? { ...rawEvent, at: now } : rawEvent;
    const { current, initialActions, fromState, quarantine } = this.#restoreOrStart(
      actorId,
      definition,
      key,
      stored,
    );
    let next: AnyMachineSnapshot;
    let actions: unknown[];
    try {
      [next, actions] = pureTransition(definition.machine, current, event);
    } catch (cause) {
      throw new TransitionError(actorId, event.type, { cause });
    }
    if (next.status === 'error') throw new TransitionError(actorId, event.type, { cause: next.error });

    const plan = planActions([...initialActions, ...actions] as never);
    if (plan.ignored.length > 0)
      log.warn({ actorId, actions: plan.ignored }, 'actions the runtime cannot run were ignored');
    return {
      write: {
        actorId,
        machine: definition.name,
        machineVersion: definition.version,
        expectedVersion: stored?.version ?? 0,
        snapshotJson: JSON.stringify(definition.machine.getPersistedSnapshot(next)),
        state: stateToString(next.value),
        at: new Date(now),
        eventType: event.type,
        from: fromState,
        cancels: plan.cancels,
        timers: plan.timers.map((t) => ({
          id: randomUUID(),
          sendId: t.sendId,
          event: t.event,
          dueAt: new Date(now + t.delayMs),
        })),
        effects: plan.outbound,
        leaseSeconds: EFFECT_LEASE_SECONDS,
      },
      dbEffects: plan.dbEffects,
      quarantine,
      snapshot: next,
      cacheTtl: definition.cacheTtlSeconds ?? 86_400,
    };
  }

  /** What the caller of a send learns of an applied transition. */
  #applied(computed: Computed): SendResult {
    const { write } = computed;
    return {
      status: 'applied',
      actorId: write.actorId,
      version: write.expectedVersion + 1,
      state: write.state,
      snapshot: computed.snapshot,
    };
  }

  /** A written transition as the after-commit work needs it. */
  #committed(
    computed: Computed,
    written: Extract<TransitionWritten, { status: 'applied' }>,
    updateId: number | undefined,
  ): Committed {
    const { write } = computed;
    const version = write.expectedVersion + 1;
    return {
      actorId: write.actorId,
      version,
      state: write.state,
      eventType: write.eventType,
      cacheValue: `{"v":${version},"mv":${write.machineVersion},"s":${write.snapshotJson}}`,
      ttl: computed.cacheTtl,
      scheduled: write.timers.map((t) => ({ id: t.id, dueAt: t.dueAt })),
      cancelled: written.cancelled,
      effects: written.effects.map(({ id, key }) => {
        const request = write.effects[Number(key.slice(key.lastIndexOf(':') + 1))];
        return {
          id,
          actorId: write.actorId,
          idempotencyKey: key,
          type: request?.type ?? 'unknown',
          params: request?.params ?? {},
          replyEvent: request?.replyEvent ?? null,
          attempts: 0,
          updateId,
        };
      }),
    };
  }

  /** Keeps an unrestorable snapshot aside, with the reason, before the actor starts afresh. */
  async #quarantine(
    tx: Queryable,
    write: TransitionWrite,
    q: { stored: StoredActor; reason: string },
  ): Promise<void> {
    this.options.log.error(
      { actorId: write.actorId, reason: q.reason, version: q.stored.version },
      'snapshot quarantined; actor restarted',
    );
    await quarantineSnapshot(tx, {
      actorId: write.actorId,
      machine: write.machine,
      stored: q.stored,
      reason: q.reason,
    });
  }

  async #readCache(actorId: string): Promise<StoredActor | undefined> {
    const raw = await this.options.cache.get(cacheKey(actorId));
    if (!raw) return undefined;
    try {
      const parsed = JSON.parse(raw) as { v: number; mv: number; s: PersistedSnapshot };
      return { version: parsed.v, machineVersion: parsed.mv, snapshot: parsed.s };
    } catch {
      return undefined;
    }
  }

  /** The actor's current snapshot: restored, migrated, or (new or unrestorable) started afresh. */
  #restoreOrStart(
    actorId: string,
    definition: MachineDefinition,
    key: string,
    stored: StoredActor | undefined,
  ): {
    current: AnyMachineSnapshot;
    initialActions: unknown[];
    fromState: string | null;
    quarantine?: { stored: StoredActor; reason: string };
  } {
    let quarantine: { stored: StoredActor; reason: string } | undefined;
    if (stored) {
      try {
        const current = restoreSnapshot(definition, stored, actorId);
        return { current, initialActions: [], fromState: stateToString(current.value) };
      } catch (error) {
        const reason = error instanceof SnapshotRestoreError ? error.reason : String(error);
        quarantine = { stored, reason };
      }
    }
    const [current, initialActions] = pureInitialTransition(definition.machine, definition.input?.(key));
    return { current, initialActions, fromState: stored ? 'quarantined' : null, quarantine };
  }

  async #afterCommit(committed: Committed[]): Promise<void> {
    const { cache, log } = this.options;
    await Promise.all(committed.map((c) => cache.set(cacheKey(c.actorId), c.cacheValue, c.ttl)));
    const scheduled = committed.flatMap((c) => c.scheduled);
    const cancelled = committed.flatMap((c) => c.cancelled);
    if (this.#timerQueue && (scheduled.length > 0 || cancelled.length > 0)) {
      // A failure here loses nothing: the rows are committed and the reconciler re-sends them.
      await Promise.all([
        scheduled.length > 0 ? this.#timerQueue.schedule(scheduled) : undefined,
        cancelled.length > 0 ? this.#timerQueue.cancel(cancelled) : undefined,
      ]).catch((err) => log.warn({ err }, 'timer jobs not sent; the reconciler will'));
    }
    for (const c of committed) this.executor.enqueue(c.effects);
    for (const c of committed) {
      for (const listener of this.#commitListeners) {
        try {
          listener({ actorId: c.actorId, version: c.version, state: c.state, eventType: c.eventType });
        } catch (err) {
          log.warn({ err }, 'a commit listener failed');
        }
      }
    }
  }

  /**
   * Tells `listener` about every transition this process commits (the developer console's live
   * view). Returns the function that stops it.
   */
  onCommit(listener: CommitListener): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  async #forward(params: Record<string, unknown>, context: EffectContext): Promise<{ delivered: boolean }> {
    const to = params.to;
    const event = params.event as ActorEvent | undefined;
    if (typeof to !== 'string' || typeof event?.type !== 'string') {
      throw new PermanentEffectError('runtime.send needs { to: actor id, event: { type } }');
    }
    const result = await this.#serialized(to, () =>
      this.#sendClaimed(to, { ...event, from: context.actorId }, { effectId: context.effectId }),
    );
    return { delivered: result.status === 'applied' };
  }

  async #deliverReply(
    effect: OutboxEffect,
    reply: { ok: boolean; result?: unknown; error?: string },
  ): Promise<void> {
    // The executor hands over only effects with a reply; the reply's write finishes the effect.
    if (!effect.replyEvent) throw new Error(`effect ${effect.idempotencyKey} has no reply event`);
    const claim = { effectId: effect.id, error: reply.ok ? undefined : (reply.error ?? 'failed') };
    const event = { type: effect.replyEvent, ...reply };
    await this.#serialized(effect.actorId, () =>
      this.#sendClaimed(effect.actorId, event, claim, effect.updateId),
    );
  }
}
