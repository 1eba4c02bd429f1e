import { duplicateRetryAt, waitMinutes } from './rules.ts';
import type {
  FreeAccessContext,
  FreeAccessEvent,
  FreeKeyboardKey,
  FreeRequestStatus,
  FreeRequestSyncParams,
  FreeSayCatalogue,
  FreeSayKey,
  FreeSayParams,
} from './types.ts';

/**
 * The machine's effects as action objects (`{ type, params }`), shared by its states. The
 * runtime turns `telegram.*` into outbox rows and runs `db.*` inside the transition's transaction.
 * Messages never carry a `replyEvent`: a person who blocked the bot is approved all the same.
 */

type Args = { context: FreeAccessContext; event: FreeAccessEvent };

export function sayParams<K extends FreeSayKey>(
  context: FreeAccessContext,
  say: K,
  params?: FreeSayCatalogue[K],
  keyboard?: FreeKeyboardKey,
): FreeSayParams {
  return {
    userId: context.userId,
    say,
    ...(params === undefined ? {} : { params }),
    ...(keyboard === undefined ? {} : { keyboard }),
  } as FreeSayParams;
}

/** `decidedAt` is the moment of the transition that ended the request; null while pending. */
export function syncParams(context: FreeAccessContext, status: FreeRequestStatus): FreeRequestSyncParams {
  return {
    userId: context.userId,
    chatId: context.chatId ?? 0,
    status,
    requestedAt: context.requestedAt ?? context.now,
    readyAt: context.readyAt ?? context.now,
    decidedAt: status === 'pending' ? null : context.now,
  };
}

const say = <K extends FreeSayKey>(
  key: K,
  params?: (args: Args) => FreeSayCatalogue[K],
  keyboard?: FreeKeyboardKey,
) =>
  ({
    type: 'telegram.say',
    params: (args: Args) => sayParams(args.context, key, params?.(args), keyboard),
  }) as const;

export const sayWelcome = say(
  'free.welcome',
  ({ event }) => ({ waitMinutes: event.type === 'JOIN_REQUESTED' ? waitMinutes(event.waitMs) : 0 }),
  'free.socials',
);

export const sayApproved = say('free.approved', undefined, 'free.enter');

export const sayDuplicate = say('free.duplicate', ({ context, event }) => ({
  retryAt: event.type === 'JOIN_REQUESTED' ? duplicateRetryAt(context, event) : event.at,
}));

export const sync = (status: FreeRequestStatus) =>
  ({ type: 'db.freeRequest.sync', params: ({ context }: Args) => syncParams(context, status) }) as const;

/** The approval of the current request; its answer comes back as APPROVED. */
export const approveRequest = {
  type: 'telegram.approveJoinRequest',
  params: ({ context }: Args) =>
    ({ userId: context.userId, chatId: context.chatId ?? 0, replyEvent: 'APPROVED' }) as const,
} as const;

/** Declines the request the event is about (a duplicate, or one to another chat). */
export const declineRequest = {
  type: 'telegram.declineJoinRequest',
  params: ({ context, event }: Args) => ({
    userId: context.userId,
    chatId: 'chatId' in event ? event.chatId : (context.chatId ?? 0),
  }),
} as const;
