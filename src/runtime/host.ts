import type { ConnectionPool, Transaction } from '@databases/pg';
import { type AnyMachineSnapshot, initialTransition, transition } from 'xstate';
import type { Logger } from '../log.ts';
import { type PlannedActions, planActions, stateToString } from './actions.ts';
import type { Clock } from './clock.ts';
import { EffectExecutor } from './effects.ts';
import { ActorConflictError, PermanentEffectError, SnapshotRestoreError, TransitionError } from './errors.ts';
import { insertEffects, markEffectDone, markEffectFailed } from './outbox.ts';
import type { MachineRegistry } from './registry.ts';
import { restoreSnapshot } from './restore.ts';
import {
  appendEvent,
  claimUpdate,
  loadActor,
  quarantineSnapshot,
  type StoredActor,
  writeActor,
} from './store.ts';
import { deleteTimers, insertTimers, type ScheduledTimer, takeTimer, timersDueBefore } from './timers.ts';
import type {
  ActorEvent,
  EffectContext,
  EffectHandler,
  MachineDefinition,
  OutboxEffect,
  PersistedSnapshot,
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

export interface HostOptions {
  db: ConnectionPool;
  cache: HostCache;
  registry: MachineRegistry;
  clock: Clock;
  log: Logger;
  effects?: Record<string, EffectHandler>;
  dbEffects?: Record<string, DbEffectHandler>;
  /** Attempts of one transaction before a conflict is given up (the later ones lock the row). */
  maxAttempts?: number;
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

const cacheKey = (actorId: string) => `actor:${actorId}`;

/**
 * The effect by which one actor sends an event to another (`{ type: 'runtime.send', params:
 * { to, event } }`): delivered exactly once, in the transaction that marks the effect done.
 */
export const SEND_EFFECT = 'runtime.send';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The actor host: load -> pure transition -> one transaction -> after commit, cache and effects.
 * No actor lives in memory between events; an actor is its row.
 */
export class ActorHost {
  readonly executor: EffectExecutor;
  #timerQueue: TimerQueue | undefined;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly #commitListeners = new Set<CommitListener>();
  readonly #maxAttempts: number;

  constructor(private readonly options: HostOptions) {
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.executor = new EffectExecutor({
      db: options.db,
      handlers: { ...options.effects, [SEND_EFFECT]: (params, context) => this.#forward(params, context) },
      log: options.log.child({ part: 'effects' }),
      deliverReply: (effect, reply) => this.#deliverReply(effect, reply),
    });
  }

  get clock(): Clock {
    return this.options.clock;
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
    const previous = this.#locks.get(actorId) ?? Promise.resolve();
    const run = previous.then(
      () => this.transaction((_tx, send) => send(actorId, event, options)),
      () => this.transaction((_tx, send) => send(actorId, event, options)),
    );
    this.#locks.set(actorId, run);
    void run.then(
      () => this.#releaseLock(actorId, run),
      () => this.#releaseLock(actorId, run),
    );
    return run;
  }

  /**
   * Runs `work` in one transaction in which `send` applies events to actors, so that domain
   * writes (claiming an invitation) commit together with the transitions. On a concurrent
   * write the whole of `work` is retried; from the second attempt the actor rows are locked.
   */
  async transaction<T>(work: (tx: Transaction, send: TxSend) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const committed: Committed[] = [];
      try {
        const result = await this.options.db.tx((tx) =>
          work(tx, (actorId, event, opts) =>
            this.#apply(tx, actorId, event, opts ?? {}, attempt > 1, committed),
          ),
        );
        await this.#afterCommit(committed);
        return result;
      } catch (error) {
        if (!(error instanceof ActorConflictError) || attempt >= this.#maxAttempts) throw error;
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
  async fireTimer(timerId: string): Promise<boolean> {
    return this.transaction(async (tx, send) => {
      const timer = await takeTimer(tx, timerId);
      if (!timer) return false;
      await send(timer.actorId, timer.event as ActorEvent);
      return true;
    });
  }

  /**
   * Fires timers due by the clock at least `graceMs` ago: after time travel (grace 0), or when
   * a job went missing (maintenance leaves recent ones to their jobs).
   */
  async fireDueTimers(limit = 1000, graceMs = 0): Promise<number> {
    const due = await timersDueBefore(this.options.db, new Date(this.clock.now() - graceMs), limit);
    let fired = 0;
    for (const timer of due) {
      if (await this.fireTimer(timer.id)) fired++;
    }
    return fired;
  }

  /** Re-sends the jobs of timers due within `horizonMs`; the queue ignores ids it already has. */
  async reconcileTimers(horizonMs = 5 * 60_000): Promise<number> {
    if (!this.#timerQueue) return 0;
    const soon = await timersDueBefore(this.options.db, new Date(this.clock.now() + horizonMs), 10_000);
    if (soon.length > 0) await this.#timerQueue.schedule(soon);
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
  ): Promise<SendResult> {
    const { registry, clock, log } = this.options;
    const { definition, key } = registry.resolve(actorId);
    if (opts.updateId !== undefined && !(await claimUpdate(tx, opts.updateId)))
      return { status: 'duplicate' };

    const stored = (!lockRow && (await this.#readCache(actorId))) || (await loadActor(tx, actorId, lockRow));
    const now = clock.now();
    const event: ActorEvent = rawEvent.at === undefined ? { ...rawEvent, at: now } : rawEvent;
    const { current, initialActions, fromState } = await this.#restoreOrStart(
      tx,
      actorId,
      definition,
      key,
      stored,
    );

    let next: AnyMachineSnapshot;
    let actions: unknown[];
    try {
      [next, actions] = transition(definition.machine, current, event as never) as [
        AnyMachineSnapshot,
        unknown[],
      ];
    } catch (cause) {
      throw new TransitionError(actorId, event.type, { cause });
    }
    if (next.status === 'error') throw new TransitionError(actorId, event.type, { cause: next.error });

    const plan: PlannedActions = planActions([...initialActions, ...actions] as never);
    if (plan.ignored.length > 0)
      log.warn({ actorId, actions: plan.ignored }, 'actions the runtime cannot run were ignored');
    const snapshotJson = JSON.stringify(definition.machine.getPersistedSnapshot(next));
    const expectedVersion = stored?.version ?? 0;
    const version = expectedVersion + 1;
    const state = stateToString(next.value);
    const at = new Date(now);
    const written = await writeActor(tx, {
      actorId,
      machine: definition.name,
      machineVersion: definition.version,
      expectedVersion,
      snapshotJson,
      state,
      at,
    });
    if (!written) throw new ActorConflictError(actorId);
    await appendEvent(tx, { actorId, version, eventType: event.type, from: fromState, to: state, at });
    for (const effect of plan.dbEffects) {
      const handler = this.options.dbEffects?.[effect.type];
      if (!handler)
        throw new TransitionError(actorId, event.type, { cause: new Error(`no db effect ${effect.type}`) });
      await handler(tx, effect.params, actorId);
    }
    const cancelled = await deleteTimers(tx, actorId, plan.cancels);
    const scheduled = await insertTimers(tx, actorId, plan.timers, now);
    const effects = await insertEffects(tx, actorId, version, plan.outbound);
    committed.push({
      actorId,
      version,
      state,
      eventType: event.type,
      cacheValue: `{"v":${version},"mv":${definition.version},"s":${snapshotJson}}`,
      ttl: definition.cacheTtlSeconds ?? 86_400,
      scheduled,
      cancelled,
      effects,
    });
    return { status: 'applied', actorId, version, state, snapshot: next };
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
  async #restoreOrStart(
    tx: Transaction,
    actorId: string,
    definition: MachineDefinition,
    key: string,
    stored: StoredActor | undefined,
  ): Promise<{ current: AnyMachineSnapshot; initialActions: unknown[]; fromState: string | null }> {
    if (stored) {
      try {
        const current = restoreSnapshot(definition, stored, actorId);
        return { current, initialActions: [], fromState: stateToString(current.value) };
      } catch (error) {
        const reason = error instanceof SnapshotRestoreError ? error.reason : String(error);
        this.options.log.error(
          { actorId, reason, version: stored.version },
          'snapshot quarantined; actor restarted',
        );
        await quarantineSnapshot(tx, { actorId, machine: definition.name, stored, reason });
      }
    }
    const [current, initialActions] = initialTransition(
      definition.machine,
      definition.input?.(key) as never,
    ) as [AnyMachineSnapshot, unknown[]];
    return { current, initialActions, fromState: stored ? 'quarantined' : null };
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
    return this.transaction(async (tx, send) => {
      if (!(await markEffectDone(tx, context.effectId))) return { delivered: false };
      await send(to, { ...event, from: context.actorId });
      return { delivered: true };
    });
  }

  async #deliverReply(
    effect: OutboxEffect,
    reply: { ok: boolean; result?: unknown; error?: string },
  ): Promise<void> {
    await this.transaction(async (tx, send) => {
      const finished = reply.ok
        ? await markEffectDone(tx, effect.id)
        : await markEffectFailed(tx, effect.id, reply.error ?? 'failed');
      if (!finished || !effect.replyEvent) return;
      await send(effect.actorId, { type: effect.replyEvent, ...reply });
    });
  }
}
