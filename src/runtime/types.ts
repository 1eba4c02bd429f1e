import type { AnyStateMachine, EventObject } from 'xstate';

/**
 * A machine known to the runtime. `version` changes whenever the machine changes shape in a
 * way old snapshots do not fit; `migrate` then lifts an older snapshot, or returns undefined to
 * reset the actor to its initial state (the documented policy of that machine).
 */
export interface MachineDefinition {
  name: string;
  version: number;
  machine: AnyStateMachine;
  /** Input for a new actor, from the key part of its id (`subscription:123` -> "123"). */
  input?: (key: string) => unknown;
  migrate?: (snapshot: PersistedSnapshot, fromVersion: number) => PersistedSnapshot | undefined;
  /** Seconds a snapshot may stay in the cache. */
  cacheTtlSeconds?: number;
}

/** What is stored in `actors.snapshot`: XState's persisted snapshot (plain JSON). */
export type PersistedSnapshot = {
  status: string;
  value: unknown;
  context: unknown;
  historyValue?: unknown;
  children?: unknown;
  [key: string]: unknown;
};

/** An event as the host receives it; `at` (epoch ms) is added from the clock when missing. */
export type ActorEvent = EventObject & { at?: number; [key: string]: unknown };

/** An outbound effect as written to the outbox. */
export interface OutboxEffect {
  id: number;
  actorId: string;
  idempotencyKey: string;
  type: string;
  params: Record<string, unknown>;
  replyEvent: string | null;
  attempts: number;
  /** The Telegram update that led to it, when this process knows (for the logs). */
  updateId?: number;
}

export interface EffectContext {
  /** The outbox row; an effect that writes to the database may mark it done in its own transaction. */
  effectId: number;
  actorId: string;
  idempotencyKey: string;
  attempt: number;
}

/** Executes one kind of outbound effect (e.g. `telegram.sendMessage`); returns its result. */
export type EffectHandler = (params: Record<string, unknown>, context: EffectContext) => Promise<unknown>;

/** The job queue that wakes timers up; the runtime only needs these calls. */
export interface TimerQueue {
  schedule(timers: { id: string; dueAt: Date }[]): Promise<void>;
  /**
   * Makes sure each timer has a job that wakes it no later than its due date: missing jobs are
   * created, jobs set to wake later (the clock moved, a job was delayed) are moved earlier.
   */
  reschedule(timers: { id: string; dueAt: Date }[]): Promise<void>;
  cancel(ids: string[]): Promise<void>;
}

/** What the runtime reports as it works (the app's metrics listen). Calls never throw. */
export interface RuntimeObserver {
  /** An outbound effect finished: its time from first attempt to recorded outcome. */
  effectFinished(type: string, outcome: 'ok' | 'error', seconds: number): void;
  /** A timer fired this long after it was due. */
  timerFired(lagSeconds: number): void;
}
