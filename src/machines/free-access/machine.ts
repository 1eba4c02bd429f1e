import type { MachineDefinition } from '../../runtime/types.ts';
import { approveRequest, declineRequest, sayApproved, sayDuplicate, sayWelcome, sync } from './effects.ts';
import { freeAccessSetup } from './setup.ts';

/** A request that is not taken: declined, and the person told when to ask again. */
const duplicate = ['stamp', declineRequest, sayDuplicate] as const;

/**
 * One per person (`freeAccess:<telegram user id>`): a join request to the free channel, from
 * the welcome through the wait to the approval, and back to `idle` for the next one (after
 * leaving, say). Pure: effects are data, and every delay is computed from `context`, whose `now`
 * is the `at` of the latest event.
 *
 * - A request within the anti-spam window of the latest accepted one, or while one is pending
 *   (the person withdrew and asked again), is declined; the pending one goes on and, its
 *   Telegram request gone, ends as 'gone' when its approval answers 'request_missing'.
 * - APPROVE_NOW approves a waiting request at once, wait over or not: it is the custodian's
 *   word, and the router decides which requests it is sent to.
 * - A failed approval stays 'pending' and is tried again 5 minutes later, at most 3 times;
 *   then the request is given up as 'gone'.
 */
export const freeAccessMachine = freeAccessSetup.createMachine({
  id: 'freeAccess',
  context: ({ input }) => ({
    userId: input.userId,
    now: 0,
    chatId: null,
    requestedAt: null,
    readyAt: null,
    attemptAt: null,
    failures: 0,
    lastRequestAt: null,
  }),
  initial: 'idle',
  on: {
    // Telegram keeps one pending request per person and chat: `idle` overrides this.
    JOIN_REQUESTED: { actions: duplicate },
    OTHER_CHAT_REQUESTED: { actions: ['stamp', declineRequest] },
  },
  states: {
    idle: {
      on: {
        JOIN_REQUESTED: [
          { guard: 'withinAntiSpam', actions: duplicate },
          { target: 'waiting', actions: ['beginRequest', sayWelcome, sync('pending')] },
        ],
        // No welcome: the person was welcomed by the previous bot.
        LEGACY_IMPORTED: { target: 'waiting', actions: ['importRequest', sync('pending')] },
      },
    },
    waiting: {
      after: {
        untilAttempt: [
          { guard: 'attemptDue', target: 'approving', actions: 'stamp' },
          { target: 'waiting', reenter: true, actions: 'stamp' },
        ],
      },
      on: {
        APPROVE_NOW: { target: 'approving', actions: 'stamp' },
      },
    },
    approving: {
      entry: approveRequest,
      on: {
        APPROVED: [
          { guard: 'retryAllowed', target: 'waiting', actions: ['stamp', 'retryLater'] },
          { guard: 'approvalFailed', target: 'idle', actions: ['stamp', 'endRequest', sync('gone')] },
          { guard: 'requestMissing', target: 'idle', actions: ['stamp', 'endRequest', sync('gone')] },
          { target: 'idle', actions: ['stamp', 'endRequest', sync('approved'), sayApproved] },
        ],
      },
    },
  },
});

export const freeAccessDefinition: MachineDefinition = {
  name: 'freeAccess',
  version: 1,
  machine: freeAccessMachine,
  input: (key) => ({ userId: Number(key) }),
};
