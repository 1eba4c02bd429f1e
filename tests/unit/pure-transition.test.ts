import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assign, createMachine, fromPromise, initialTransition, raise, setup, transition } from 'xstate';
import { conversationMachine } from '../../src/machines/conversation.ts';
import { planActions } from '../../src/runtime/actions.ts';
import { pureInitialTransition, pureTransition } from '../../src/runtime/pure-transition.ts';

/** A machine that counts how often its context factory runs, with entry, delayed and sent actions. */
function countingMachine() {
  const built = { count: 0 };
  const machine = setup({
    types: {
      context: {} as { presses: number; name: string },
      events: {} as { type: 'PRESS' } | { type: 'TICK' },
    },
    // Executed by the runtime's adapters, never by xstate (as in the real machines).
    actions: { 'telegram.sendMessage': (_, _params: { text: string }) => {} },
  }).createMachine({
    id: 'counter',
    context: ({ input }) => {
      built.count++;
      return { presses: 0, name: String((input as { name?: string } | undefined)?.name ?? 'nobody') };
    },
    initial: 'idle',
    states: {
      idle: {
        entry: raise({ type: 'TICK' }, { delay: 60_000, id: 'reminder' }),
        on: {
          PRESS: { target: 'pressed', actions: assign({ presses: ({ context }) => context.presses + 1 }) },
        },
      },
      pressed: {
        entry: { type: 'telegram.sendMessage', params: { text: 'pressed' } },
        on: { PRESS: { actions: assign({ presses: ({ context }) => context.presses + 1 }) }, TICK: 'idle' },
      },
    },
  });
  return { machine, built };
}

/** What a transition's result means to the runtime: the state, the context, the planned actions. */
function meaning([snapshot, actions]: [unknown, unknown[]]) {
  const s = snapshot as { value: unknown; context: unknown; status: string };
  return { value: s.value, context: s.context, status: s.status, plan: planActions(actions as never) };
}

test('gives what xstate transition() gives, event after event, entry and delayed actions included', () => {
  const { machine } = countingMachine();
  let ours = pureInitialTransition(machine, { name: 'Ana' });
  let theirs = initialTransition(machine, { name: 'Ana' }) as [unknown, unknown[]];
  assert.equal(meaning(ours), meaning(theirs));
  for (const type of ['PRESS', 'PRESS', 'TICK', 'PRESS'] as const) {
    const nextOurs = pureTransition(machine, ours[0], { type });
    const nextTheirs = transition(machine, theirs[0] as never, { type }) as [unknown, unknown[]];
    assert.equal(meaning(nextOurs), meaning(nextTheirs), `after ${type}`);
    ours = nextOurs;
    theirs = nextTheirs;
  }
  const final = meaning(ours);
  assert.is((final.context as { presses: number }).presses, 3);
  assert.is(final.plan.timers.length, 0);
});

test("does not compute the machine's initial state on every event", () => {
  const { machine, built } = countingMachine();
  let [snapshot] = pureInitialTransition(machine, { name: 'Ana' });
  const before = built.count;
  for (let i = 0; i < 50; i++) [snapshot] = pureTransition(machine, snapshot, { type: 'PRESS' });
  assert.is(built.count, before, 'the context factory ran again');
  assert.is((snapshot.context as { presses: number }).presses, 50);
  // xstate's own function builds a throwaway actor each time: the factory runs per call.
  transition(machine, snapshot as never, { type: 'PRESS' });
  assert.ok(built.count > before, 'xstate transition() no longer builds an actor per call: drop this module');
});

test("the actions of one call never leak into another's", () => {
  const { machine } = countingMachine();
  const [idle] = pureInitialTransition(machine, undefined);
  const [, first] = pureTransition(machine, idle, { type: 'PRESS' });
  const [, second] = pureTransition(machine, idle, { type: 'PRESS' });
  assert.is(first.length, second.length);
  assert.ok(first.length > 0);
});

test('a machine that invokes an actor takes xstate functions, children and all', () => {
  const machine = createMachine({
    initial: 'loading',
    states: {
      loading: { invoke: { id: 'load', src: fromPromise(async () => 1) }, on: { DONE: 'ready' } },
      ready: {},
    },
  });
  const [initial] = pureInitialTransition(machine, undefined);
  assert.ok(Object.keys(initial.children).includes('load'));
  const [next] = pureTransition(machine, initial, { type: 'DONE' });
  assert.is(next.value, 'ready');
});

test('the real conversation machine gives the same as xstate', () => {
  const who = { userId: 1001, chatId: 1001, firstName: 'Ana', admin: false };
  let ours = pureInitialTransition(conversationMachine, { userId: 1001 });
  let theirs = initialTransition(conversationMachine, { userId: 1001 }) as [unknown, unknown[]];
  assert.equal(meaning(ours), meaning(theirs));
  const events = [
    { type: 'START', payload: null, ...who },
    { type: 'NAVIGATE', screen: 'about', messageId: 5, ...who },
    { type: 'START', payload: null, ...who },
  ];
  for (const event of events) {
    ours = pureTransition(conversationMachine, ours[0], event as never);
    theirs = transition(conversationMachine, theirs[0] as never, event as never) as [unknown, unknown[]];
    assert.equal(meaning(ours), meaning(theirs), event.type);
  }
  assert.is((ours[0].context as { visits: number }).visits, 2);
});

test.run();
