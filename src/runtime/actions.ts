import type { EventObject } from 'xstate';

/** A delayed event the machine asked for: becomes an `actor_timers` row and a queue job. */
export interface TimerRequest {
  sendId: string;
  event: EventObject;
  delayMs: number;
}

/** An effect as data: outbound ones go to the outbox, `db.*` ones run inside the transaction. */
export interface EffectRequest {
  type: string;
  params: Record<string, unknown>;
  replyEvent: string | null;
}

export interface PlannedActions {
  timers: TimerRequest[];
  cancels: string[];
  dbEffects: EffectRequest[];
  outbound: EffectRequest[];
  /** Actions the runtime cannot honour (inline functions, child actors): logged, not run. */
  ignored: string[];
}

interface ExecutableAction {
  type: string;
  params?: unknown;
  info?: { self?: unknown };
}

const DB_PREFIX = 'db.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sorts the actions `transition()` returned into what the host does with them, in order.
 * Delayed `raise` (how `after` appears) and delayed `sendTo` aimed at the actor itself become
 * timers; `cancel` removes them; named actions are effects. Pure: no I/O here.
 */
export function planActions(actions: readonly ExecutableAction[]): PlannedActions {
  const plan: PlannedActions = { timers: [], cancels: [], dbEffects: [], outbound: [], ignored: [] };
  for (const action of actions) {
    const params = isRecord(action.params) ? action.params : {};
    switch (action.type) {
      case 'xstate.raise':
      case 'xstate.sendTo': {
        const delay = params.delay;
        const event = params.event;
        const toSelf = action.type === 'xstate.raise' || params.to === action.info?.self;
        if (typeof delay === 'number' && isRecord(event) && typeof event.type === 'string' && toSelf) {
          const sendId = typeof params.id === 'string' ? params.id : `delayed.${event.type}`;
          plan.timers.push({ sendId, event: event as EventObject, delayMs: Math.max(0, delay) });
        } else {
          plan.ignored.push(action.type);
        }
        break;
      }
      case 'xstate.cancel':
        if (typeof params.sendId === 'string') {
          const sendId = params.sendId;
          // A timer raised and cancelled within one step (a transient state) never reaches a row.
          plan.timers = plan.timers.filter((t) => t.sendId !== sendId);
          plan.cancels.push(sendId);
        }
        break;
      default: {
        if (action.type.startsWith('xstate.') || action.type === '') {
          plan.ignored.push(action.type || 'inline function');
          break;
        }
        const { replyEvent, ...rest } = params;
        const effect: EffectRequest = {
          type: action.type,
          params: rest,
          replyEvent: typeof replyEvent === 'string' ? replyEvent : null,
        };
        (action.type.startsWith(DB_PREFIX) ? plan.dbEffects : plan.outbound).push(effect);
      }
    }
  }
  return plan;
}

/** "a.b" for nested states, "a.x,b.y" for parallel regions: short and readable in the log. */
export function stateToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return String(value);
  return Object.entries(value)
    .map(([key, sub]) => {
      const inner = stateToString(sub);
      return inner.includes(',') ? `${key}.(${inner})` : `${key}.${inner}`;
    })
    .join(',');
}
