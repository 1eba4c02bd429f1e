import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  createActor,
  type EventObject,
  initialTransition,
  transition,
} from 'xstate';

/**
 * xstate's pure `transition()` and `initialTransition()`, without their cost per call.
 *
 * Each of xstate's calls builds a throwaway actor for the machine, and building an actor
 * computes the machine's initial state (entry actions, context factory and all): on the webhook
 * path that was two thirds of the time spent in xstate. Here the throwaway actor is built once
 * per machine and reused; only the action collector is new on every call.
 *
 * That is sound because the runtime never lets xstate execute anything: every action goes to
 * the collector (planActions sorts them afterwards), so the reused scope's actor and system are
 * never touched by a transition. A machine that invokes or spawns actors would register them in
 * that system, so such a machine takes xstate's own functions, as before.
 */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope | null>();

function reusableScope(machine: AnyStateMachine): AnyActorScope | null {
  let scope = scopes.get(machine);
  if (scope !== undefined) return scope;
  scope = hasChildActors(machine) ? null : inertScope(machine);
  scopes.set(machine, scope);
  return scope;
}

/** Whether any state invokes an actor or any transition may spawn one (checked once). */
function hasChildActors(machine: AnyStateMachine): boolean {
  const pending: AnyStateNode[] = [machine.root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.invoke.length > 0) return true;
    pending.push(...(Object.values(node.states) as AnyStateNode[]));
  }
  // `spawnChild` and `assign({ x: ({ spawn }) => … })` are not visible in the definition; the
  // implementations are. Machines of this runtime spawn nothing (children would not survive a
  // restart); a spawned child in a snapshot is caught at run time below.
  return false;
}

function inertScope(machine: AnyStateMachine): AnyActorScope {
  const self = createActor(machine);
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
}

function withCollector(scope: AnyActorScope): [AnyActorScope, unknown[]] {
  const actions: unknown[] = [];
  return [{ ...scope, actionExecutor: (action: unknown) => actions.push(action) } as AnyActorScope, actions];
}

/** The next snapshot and the actions to execute, as xstate's `transition(machine, snapshot, event)`. */
export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, unknown[]] {
  const shared = reusableScope(machine);
  if (!shared) return transition(machine, snapshot, event as never) as [AnyMachineSnapshot, unknown[]];
  const [scope, actions] = withCollector(shared);
  const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  if (Object.keys(next.children).length > 0) {
    // A child was spawned into the shared system: never again share it for this machine.
    scopes.set(machine, null);
    return transition(machine, snapshot, event as never) as [AnyMachineSnapshot, unknown[]];
  }
  return [next, actions];
}

/** The initial snapshot and its actions, as xstate's `initialTransition(machine, input)`. */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: unknown,
): [AnyMachineSnapshot, unknown[]] {
  const shared = reusableScope(machine);
  if (!shared) return initialTransition(machine, input as never) as [AnyMachineSnapshot, unknown[]];
  const [scope, actions] = withCollector(shared);
  const next = machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
  if (Object.keys(next.children).length > 0) {
    scopes.set(machine, null);
    return initialTransition(machine, input as never) as [AnyMachineSnapshot, unknown[]];
  }
  return [next, actions];
}
