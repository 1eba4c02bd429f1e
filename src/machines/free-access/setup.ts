import { assign, setup } from 'xstate';
import { durationMs, withinAntiSpam } from './rules.ts';
import {
  APPROVAL_RETRY_DELAY_MS,
  type ApproveJoinRequestParams,
  type DeclineJoinRequestParams,
  type FreeAccessContext,
  type FreeAccessEvent,
  type FreeRequestSyncParams,
  type FreeSayParams,
  MAX_APPROVAL_RETRIES,
} from './types.ts';

const failed = (event: FreeAccessEvent) => event.type === 'APPROVED' && !event.ok;

/**
 * The named actions, guards and delays of the freeAccess machine. Effects (`telegram.*`,
 * `db.*`) do nothing here: the runtime executes them from the actions `transition()` returns.
 */
export const freeAccessSetup = setup({
  types: {} as { context: FreeAccessContext; events: FreeAccessEvent; input: { userId: number } },
  actions: {
    'telegram.say': (_, _params: FreeSayParams) => {},
    'telegram.approveJoinRequest': (_, _params: ApproveJoinRequestParams) => {},
    'telegram.declineJoinRequest': (_, _params: DeclineJoinRequestParams) => {},
    'db.freeRequest.sync': (_, _params: FreeRequestSyncParams) => {},
    stamp: assign({ now: ({ event }) => event.at }),
    /** A new request, with the wait of the moment it was made. */
    beginRequest: assign(({ event }) =>
      event.type === 'JOIN_REQUESTED'
        ? {
            now: event.at,
            chatId: event.chatId,
            requestedAt: event.at,
            readyAt: event.at + durationMs(event.waitMs),
            attemptAt: event.at + durationMs(event.waitMs),
            failures: 0,
            lastRequestAt: event.at,
          }
        : {},
    ),
    /** A pending request of the previous bot: ready once its wait has passed since it was made. */
    importRequest: assign(({ event }) =>
      event.type === 'LEGACY_IMPORTED'
        ? {
            now: event.at,
            chatId: event.chatId,
            requestedAt: event.requestedAt,
            readyAt: event.requestedAt + durationMs(event.waitMs),
            attemptAt: event.requestedAt + durationMs(event.waitMs),
            failures: 0,
            lastRequestAt: event.requestedAt,
          }
        : {},
    ),
    retryLater: assign(({ context, event }) => ({
      failures: context.failures + 1,
      attemptAt: event.at + APPROVAL_RETRY_DELAY_MS,
    })),
    endRequest: assign({ attemptAt: null }),
  },
  guards: {
    withinAntiSpam: ({ context, event }) => event.type === 'JOIN_REQUESTED' && withinAntiSpam(context, event),
    /** By the event's own time: a timer that fires a little early waits for the rest. */
    attemptDue: ({ context, event }) => event.at >= (context.attemptAt ?? event.at),
    retryAllowed: ({ context, event }) => failed(event) && context.failures < MAX_APPROVAL_RETRIES,
    approvalFailed: ({ event }) => failed(event),
    requestMissing: ({ event }) => event.type === 'APPROVED' && event.result?.outcome === 'request_missing',
  },
  delays: {
    untilAttempt: ({ context }) => Math.max(0, (context.attemptAt ?? context.now) - context.now),
  },
});
