import { assign, setup } from 'xstate';
import type { MachineDefinition } from '../../src/runtime/types.ts';

/**
 * A small machine that uses every runtime feature: counting (context), an outbound effect,
 * an effect with a reply, a short `after` timer, a 30-day one, and leaving a timed state.
 */
export const probeMachine = setup({
  types: {} as {
    context: { count: number; key: string; replies: number; lastReply: unknown };
    events:
      | { type: 'INC' }
      | { type: 'PING' }
      | { type: 'ASK' }
      | { type: 'ANSWERED'; ok: boolean; result?: unknown }
      | { type: 'WAIT'; ms: number }
      | { type: 'LONG_WAIT' }
      | { type: 'LEAVE' };
    input: { key: string };
  },
  actions: {
    'test.ping': (_, _params: { key: string; count: number }) => {},
    'test.ask': (_, _params: { key: string; replyEvent: string }) => {},
  },
  delays: {
    shortWait: ({ context }) => (context.count > 0 ? context.count : 1500),
  },
}).createMachine({
  id: 'probe',
  context: ({ input }) => ({ count: 0, key: input.key, replies: 0, lastReply: null }),
  initial: 'idle',
  on: {
    INC: { actions: assign({ count: ({ context }) => context.count + 1 }) },
    PING: {
      actions: { type: 'test.ping', params: ({ context }) => ({ key: context.key, count: context.count }) },
    },
    ASK: {
      actions: { type: 'test.ask', params: ({ context }) => ({ key: context.key, replyEvent: 'ANSWERED' }) },
    },
    ANSWERED: {
      actions: assign({
        replies: ({ context }) => context.replies + 1,
        lastReply: ({ event }) => event.result ?? null,
      }),
    },
  },
  states: {
    idle: {
      on: {
        WAIT: { target: 'waiting', actions: assign({ count: ({ event }) => event.ms }) },
        LONG_WAIT: 'longWait',
      },
    },
    waiting: {
      after: { shortWait: 'rang' },
      on: { LEAVE: 'idle' },
    },
    longWait: {
      after: { [30 * 86_400_000]: 'rang' },
      on: { LEAVE: 'idle' },
    },
    rang: { on: { LEAVE: 'idle' } },
  },
});

export const probeDefinition: MachineDefinition = {
  name: 'probe',
  version: 1,
  machine: probeMachine,
  input: (key) => ({ key }),
};
