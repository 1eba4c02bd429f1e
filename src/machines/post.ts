import { setup } from 'xstate';
import type { MachineDefinition } from '../runtime/types.ts';

/**
 * How long reactions gather before the buttons are redrawn. Telegram allows a channel about 20
 * edits a minute; one refresh per 3 seconds keeps a post within that however many react.
 */
export const REFRESH_DELAY_MS = 3_000;

export interface PostContext {
  postId: number;
}

/** A reaction to the post was set or changed (the runtime adds `at`). */
export type PostEvent = { type: 'REACTED'; at: number };

/** Params of `telegram.refreshReactions`: redraws the buttons with the counts read when it runs. */
export interface RefreshReactionsParams {
  postId: number;
}

/**
 * One per channel post (`post:<postId>`): coalesces reactions into button refreshes. The first
 * REACTED schedules a refresh; further ones while it is pending add nothing, because the
 * refresh reads the counts from the database when it runs. Pure: the refresh is an effect.
 */
export const postMachine = setup({
  types: {} as { context: PostContext; events: PostEvent; input: { postId: number } },
  actions: {
    'telegram.refreshReactions': (_, _params: RefreshReactionsParams) => {},
  },
}).createMachine({
  id: 'post',
  // Without input when the runtime builds its inert actor (see conversation.ts).
  context: ({ input }) => ({ postId: input?.postId ?? 0 }),
  initial: 'idle',
  states: {
    idle: {
      on: { REACTED: 'refreshPending' },
    },
    refreshPending: {
      after: {
        [REFRESH_DELAY_MS]: {
          target: 'idle',
          actions: {
            type: 'telegram.refreshReactions',
            params: ({ context }) => ({ postId: context.postId }),
          },
        },
      },
    },
  },
});

export const postDefinition: MachineDefinition = {
  name: 'post',
  version: 1,
  machine: postMachine,
  input: (key) => ({ postId: Number(key) }),
  // A post is busy for a few days after publication, then quiet: no need to cache it long.
  cacheTtlSeconds: 3_600,
};
