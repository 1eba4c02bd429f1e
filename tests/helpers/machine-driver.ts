/**
 * A driver for a pure XState machine, as the host drives an actor: events go through
 * `transition()`, every snapshot is persisted through JSON and restored with `resolveState`, the
 * delayed events are kept as the host keeps its `actor_timers` rows (`planActions`) and fire in
 * due order with `at` = their due time, and the effects are collected.
 */
import * as assert from 'uvu/assert';
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  initialTransition,
  transition,
} from 'xstate';
import {
  type EffectRequest,
  type PlannedActions,
  planActions,
  stateToString,
} from '../../src/runtime/actions.ts';
import type { Coverage, MachineCoverage } from './machine-coverage.ts';

type WithoutAt<E> = E extends unknown ? Omit<E, 'at'> & { at?: number } : never;
/** A domain event (the driver adds `at`), or a timer's event as the runtime delivers it. */
export type Sendable<E> = WithoutAt<E> | { type: string; at?: number };

export interface PendingTimer {
  sendId: string;
  event: EventObject;
  dueAt: number;
}

export interface Step {
  event: string;
  at: number;
  plan: PlannedActions;
  actions: { type: string; params?: Record<string, unknown> }[];
}

export interface DriverOptions {
  machine: AnyStateMachine;
  input: unknown;
  /** The clock at the start. */
  start: number;
  /** Every snapshot goes through JSON and `resolveState`, as the runtime does it (default). */
  persist?: boolean;
  /** Where the entered nodes and taken transitions of every step are recorded. */
  coverage?: { of: MachineCoverage; into: Coverage };
  /** Checks of every step's plan, after the check that the runtime can run all of it. */
  checkPlan?: (plan: PlannedActions) => void;
  /** Checks of the pending timers after every step. */
  checkTimers?: (timers: PendingTimer[]) => void;
}

export class MachineDriver<
  TSnapshot extends AnyMachineSnapshot = AnyMachineSnapshot,
  TSendable extends { type: string; at?: number } = { type: string; at?: number },
> {
  snapshot: TSnapshot;
  clock: number;
  timers: PendingTimer[] = [];
  steps: Step[] = [];
  /** Every db effect and outbound effect, with the time of its step. */
  effects: { at: number; effect: EffectRequest }[] = [];

  constructor(private readonly options: DriverOptions) {
    const [snapshot, actions] = initialTransition(options.machine, options.input);
    assert.equal(actions, []);
    this.clock = options.start;
    this.snapshot = this.keep(snapshot as TSnapshot);
    if (options.coverage) options.coverage.of.enter(snapshot, options.coverage.into);
  }

  get state(): string {
    return stateToString(this.snapshot.value);
  }

  get context(): TSnapshot['context'] {
    return this.snapshot.context;
  }

  send(input: TSendable): Step {
    const { machine, coverage, checkPlan, checkTimers } = this.options;
    const event = { ...input, at: input.at ?? this.clock } as EventObject & { at: number };
    this.clock = Math.max(this.clock, event.at);
    if (coverage) coverage.of.record(this.snapshot, event, coverage.into);
    const [next, actions] = transition(machine, this.snapshot as never, event as never);
    const plan = planActions(actions as never);
    assert.equal(plan.ignored, [], 'only effects the runtime can run');
    checkPlan?.(plan);
    this.timers = this.timers.filter((t) => !plan.cancels.includes(t.sendId));
    for (const timer of plan.timers) {
      assert.not.ok(
        this.timers.some((t) => t.sendId === timer.sendId),
        `a second pending ${timer.sendId}`,
      );
      this.timers.push({ sendId: timer.sendId, event: timer.event, dueAt: event.at + timer.delayMs });
    }
    checkTimers?.(this.timers);
    for (const effect of [...plan.dbEffects, ...plan.outbound]) this.effects.push({ at: event.at, effect });
    this.snapshot = this.keep(next as TSnapshot);
    const step = { event: event.type, at: event.at, plan, actions: actions as Step['actions'] };
    this.steps.push(step);
    return step;
  }

  /** Moves the clock to `at`, firing every timer due by then in due order. */
  advanceTo(at: number): Step[] {
    const fired: Step[] = [];
    for (;;) {
      const due = this.timers.filter((t) => t.dueAt <= at).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      fired.push(this.send({ ...due.event, at: due.dueAt } as TSendable));
    }
    this.clock = Math.max(this.clock, at);
    return fired;
  }

  /** Moves the clock by `ms`, firing every timer due by then in due order. */
  advance(ms: number): Step[] {
    return this.advanceTo(this.clock + ms);
  }

  timer(sendId: string): PendingTimer | undefined {
    return this.timers.find((t) => t.sendId === sendId);
  }

  /** Every outbound effect since step `from`. */
  outboundSince(from: number): EffectRequest[] {
    return this.steps.slice(from).flatMap((s) => s.plan.outbound);
  }

  /** Every db effect since step `from`. */
  dbSince(from: number): EffectRequest[] {
    return this.steps.slice(from).flatMap((s) => s.plan.dbEffects);
  }

  private keep(snapshot: TSnapshot): TSnapshot {
    if (this.options.persist === false) return snapshot;
    const { machine } = this.options;
    const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
    return machine.resolveState({
      value: stored.value,
      context: stored.context,
      status: stored.status,
      historyValue: stored.historyValue,
    } as never) as TSnapshot;
  }
}

/** `say[keyboard]` of each telegram.say, other effect types as they are. */
export const summary = (effects: EffectRequest[]) =>
  effects.map((e) =>
    e.type === 'telegram.say'
      ? `${e.params.say}${e.params.keyboard ? `[${e.params.keyboard}]` : ''}`
      : e.type,
  );

/** The params of the `index`th message a step said. */
export const saidParams = (step: Step | undefined, index = 0) =>
  step?.plan.outbound.filter((e) => e.type === 'telegram.say')[index]?.params.params as
    | Record<string, unknown>
    | undefined;

/** The delay a step gave the delayed event `sendId`. */
export const delayOf = (step: Step, sendId: string) =>
  step.actions.find((a) => a.type === 'xstate.raise' && a.params?.id === sendId)?.params?.delay;

/** A step as one line: event, time, plan and action params (to compare two runs). */
export const stepLine = (s: Step) =>
  `${s.event}@${s.at}: ${JSON.stringify([s.plan, s.actions.map((a) => a.params)])}`;
