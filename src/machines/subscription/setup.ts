import { assign, setup } from 'xstate';
import { actorOf, eventDays, expiryOf } from './effects.ts';
import { extendedExpiry, freshLinkRetryAt, nextReminderAt, normalizeLeads } from './rules.ts';
import {
  type CreateVipInviteParams,
  DAY_MS,
  type MembershipSyncParams,
  type RemoveFromVipParams,
  type RevokeVipInviteParams,
  type RoleSetParams,
  type SayParams,
  type SubscriptionContext,
  type SubscriptionEvent,
} from './types.ts';

/** What a code brings besides its days: the plan, the name, the reminder leads of the moment. */
const fromCode = (event: Extract<SubscriptionEvent, { type: 'REDEEMED' }>) => ({
  now: event.at,
  firstName: event.firstName,
  planId: event.planId,
  planName: event.planName,
  reminderLeadsMs: normalizeLeads(event.reminderLeadsMs),
});

/**
 * The named actions, guards and delays of the subscription machine. Effects (`telegram.*`,
 * `db.*`) do nothing here: the runtime executes them from the actions `transition()` returns.
 */
export const subscriptionSetup = setup({
  types: {} as { context: SubscriptionContext; events: SubscriptionEvent; input: { userId: number } },
  actions: {
    'telegram.say': (_, _params: SayParams) => {},
    'telegram.createVipInvite': (_, _params: CreateVipInviteParams) => {},
    'telegram.removeFromVip': (_, _params: RemoveFromVipParams) => {},
    'telegram.revokeVipInvite': (_, _params: RevokeVipInviteParams) => {},
    'db.membership.sync': (_, _params: MembershipSyncParams) => {},
    'db.role.set': (_, _params: RoleSetParams) => {},
    stamp: assign({ now: ({ event }) => event.at }),
    /** A new membership by code: from nothing, or after an expiry or a revocation. */
    beginByCode: assign(({ event }) =>
      event.type === 'REDEEMED'
        ? { ...fromCode(event), startedAt: event.at, expiresAt: event.at + event.days * DAY_MS }
        : {},
    ),
    /** A new membership given by an admin after an expiry or a revocation. */
    beginByAdmin: assign(({ event }) => ({
      now: event.at,
      startedAt: event.at,
      expiresAt: event.at + eventDays(event) * DAY_MS,
    })),
    renewByCode: assign(({ context, event }) =>
      event.type === 'REDEEMED'
        ? { ...fromCode(event), expiresAt: extendedExpiry(context, event.at, event.days) }
        : {},
    ),
    extendByAdmin: assign(({ context, event }) => ({
      now: event.at,
      expiresAt: extendedExpiry(context, event.at, eventDays(event)),
    })),
    /** Remembers why the VIP role will come back once the new link exists. */
    readmit: assign(({ event }) => ({
      readmission:
        event.type === 'ADMIN_EXTEND'
          ? { reason: 'VIP_EXTENDED' as const, changedBy: actorOf(event) }
          : { reason: 'VIP_REDEEMED' as const, changedBy: 0 },
    })),
    linkRequested: assign(({ event }) => ({ linkRequestedAt: event.at })),
    linkReceived: assign(({ event }) =>
      event.type === 'INVITE_CREATED' && event.result
        ? {
            now: event.at,
            inviteLink: event.result.inviteLink,
            lastLinkAt: event.at,
            linkRequestedAt: null,
            ritualDone: true,
          }
        : {},
    ),
    linkFailed: assign({ linkRequestedAt: null }),
    /** What belonged to the membership that ended: its link, the link limit, the readmission. */
    endMembership: assign({ inviteLink: null, lastLinkAt: null, linkRequestedAt: null, readmission: null }),
    markJoined: assign({ joined: true }),
    markLeft: assign({ joined: false }),
    /** The previous bot's membership, as the importer read it. */
    importLegacy: assign(({ event }) =>
      event.type === 'LEGACY_IMPORTED'
        ? {
            now: event.at,
            firstName: event.firstName,
            planId: event.planId,
            planName: event.planName,
            startedAt: event.startedAt,
            expiresAt: event.expiresAt,
            reminderLeadsMs: normalizeLeads(event.reminderLeadsMs),
            ritualDone: event.ritualStep === null,
          }
        : {},
    ),
    planReminder: assign(({ context }) => ({ reminderDueAt: nextReminderAt(context) })),
    forgetReminder: assign({ reminderDueAt: null }),
  },
  guards: {
    /** By the event's own time: a stale timer must not end a membership that was extended. */
    expiryReached: ({ context, event }) => context.expiresAt !== null && event.at >= context.expiresAt,
    ritualDone: ({ context }) => context.ritualDone,
    inviteCreated: ({ event }) => event.type === 'INVITE_CREATED' && event.ok && !!event.result?.inviteLink,
    ritualStep: ({ event }, step: 1 | 2 | 3) => event.type === 'RITUAL_NEXT' && event.step === step,
    freshLinkAllowed: ({ context, event }) => (freshLinkRetryAt(context) ?? event.at) <= event.at,
    reminderAhead: ({ context }) => nextReminderAt(context) !== null,
    importedExpired: ({ event }) => event.type === 'LEGACY_IMPORTED' && event.status === 'expired',
    importedInRitual: ({ event }, step: 1 | 2 | 3) =>
      event.type === 'LEGACY_IMPORTED' && event.ritualStep === step,
    withInviteLink: ({ event }) => event.type === 'MEMBER_JOINED' && event.inviteLink !== null,
  },
  delays: {
    untilExpiry: ({ context }) => Math.max(0, expiryOf(context) - context.now),
    untilReminder: ({ context }) => Math.max(0, (context.reminderDueAt ?? context.now) - context.now),
  },
});
