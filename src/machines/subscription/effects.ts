import { daysLeft, freshLinkRetryAt } from './rules.ts';
import type {
  KeyboardKey,
  MembershipStatus,
  MembershipSyncParams,
  RoleReason,
  RoleSetParams,
  SayCatalogue,
  SayKey,
  SayParams,
  SubscriptionContext,
  SubscriptionEvent,
} from './types.ts';

/**
 * The machine's effects as action objects (`{ type, params }`), shared by its states. The
 * runtime turns `telegram.*` into outbox rows and runs `db.*` inside the transition's transaction.
 */

type Args = { context: SubscriptionContext; event: SubscriptionEvent };

export const expiryOf = (context: SubscriptionContext) => context.expiresAt ?? context.now;
export const eventDays = (event: SubscriptionEvent) => ('days' in event ? event.days : 0);
/** The admin behind the event; 0 (the system) for everything else. */
export const actorOf = (event: SubscriptionEvent) => ('adminId' in event ? event.adminId : 0);

export function sayParams<K extends SayKey>(
  context: SubscriptionContext,
  say: K,
  params?: SayCatalogue[K],
  keyboard?: KeyboardKey,
): SayParams {
  return {
    userId: context.userId,
    say,
    ...(params === undefined ? {} : { params }),
    ...(keyboard === undefined ? {} : { keyboard }),
  } as SayParams;
}

export function syncParams(
  context: SubscriptionContext,
  status: MembershipStatus,
  ritualStep: number | null,
): MembershipSyncParams {
  return {
    userId: context.userId,
    planId: context.planId,
    status,
    startedAt: context.startedAt ?? context.now,
    expiresAt: expiryOf(context),
    ritualStep,
  };
}

export function roleParams(
  context: SubscriptionContext,
  role: 'VIP' | 'FREE',
  reason: RoleReason,
  changedBy: number,
): RoleSetParams {
  return {
    userId: context.userId,
    role,
    reason,
    changedBy,
    source: 'subscription',
    metadata: { planId: context.planId },
  };
}

const say = <K extends SayKey>(key: K, params?: (args: Args) => SayCatalogue[K], keyboard?: KeyboardKey) =>
  ({
    type: 'telegram.say',
    params: (args: Args) => sayParams(args.context, key, params?.(args), keyboard),
  }) as const;

export const sayStep = (step: 1 | 2 | 3) => say(`vip.ritual.step${step}`, undefined, `ritual.step${step}`);

export const sayRedeemed = say('vip.redeemed', ({ context, event }) => ({
  planName: context.planName ?? '',
  days: eventDays(event),
  expiresAt: expiryOf(context),
}));

export const sayMoreDays = (key: 'vip.renewed' | 'vip.extended') =>
  say(key, ({ context, event }) => ({ expiresAt: expiryOf(context), days: eventDays(event) }));

export const sayInviteLink = say(
  'vip.inviteLink',
  ({ context }) => ({ inviteLink: context.inviteLink ?? '', expiresAt: expiryOf(context) }),
  'vip.join',
);

/** In the ritual the step-3 button tries again; elsewhere the fresh-link button does. */
export const sayInviteFailed = (keyboard: 'ritual.step3' | 'vip.freshLink') =>
  say('vip.inviteFailed', undefined, keyboard);

export const sayFreshLinkTooSoon = say('vip.freshLinkTooSoon', ({ context }) => ({
  retryAt: freshLinkRetryAt(context) ?? context.now,
  now: context.now,
}));

export const sayReminder = say('vip.reminder', ({ context }) => ({
  expiresAt: expiryOf(context),
  daysLeft: daysLeft(context),
  now: context.now,
}));

export const sayEnded = (key: 'vip.expired' | 'vip.revoked') => say(key);

export const sync = (status: MembershipStatus, step: number | null = null) =>
  ({ type: 'db.membership.sync', params: ({ context }: Args) => syncParams(context, status, step) }) as const;

/** `changedBy` is the admin behind the event, or 0 (the system). */
export const setRole = (role: 'VIP' | 'FREE', reason: RoleReason) =>
  ({
    type: 'db.role.set',
    params: ({ context, event }: Args) => roleParams(context, role, reason, actorOf(event)),
  }) as const;

/** The VIP role of a readmission, for the reason recorded when it began. */
export const grantReadmission = {
  type: 'db.role.set',
  params: ({ context }: Args) =>
    roleParams(
      context,
      'VIP',
      context.readmission?.reason ?? 'VIP_REDEEMED',
      context.readmission?.changedBy ?? 0,
    ),
} as const;

export const createInvite = {
  type: 'telegram.createVipInvite',
  params: ({ context }: Args) => ({ userId: context.userId, replyEvent: 'INVITE_CREATED' }) as const,
} as const;

export const removeFromVip = {
  type: 'telegram.removeFromVip',
  params: ({ context }: Args) => ({ userId: context.userId }),
} as const;

/** The link a MEMBER_JOINED came through, or the one an INVITE_CREATED brought. */
export const revokeInvite = {
  type: 'telegram.revokeVipInvite',
  params: ({ event }: Args) => ({
    inviteLink:
      event.type === 'MEMBER_JOINED'
        ? (event.inviteLink ?? '')
        : event.type === 'INVITE_CREATED'
          ? (event.result?.inviteLink ?? '')
          : '',
  }),
} as const;
