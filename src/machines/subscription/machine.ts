import { stateIn } from 'xstate';
import type { MachineDefinition } from '../../runtime/types.ts';
import {
  createInvite,
  grantReadmission,
  removeFromVip,
  revokeInvite,
  sayEnded,
  sayFreshLinkTooSoon,
  sayInviteFailed,
  sayInviteLink,
  sayMoreDays,
  sayRedeemed,
  sayReminder,
  sayStep,
  setRole,
  sync,
} from './effects.ts';
import { subscriptionSetup } from './setup.ts';
import { DEFAULT_REMINDER_LEADS_MS } from './types.ts';

/** The states of the ritual, with the step the membership projection shows for each. */
const RITUAL_PHASES = [
  ['step1', 1],
  ['step2', 2],
  ['step3', 3],
  ['creatingLink', 3],
] as const;

/**
 * Re-entering `ritual` in the step the person is on reschedules its expiry timer; that is why
 * the steps say nothing on entry (their messages travel with the transitions into them).
 */
const inSameRitualStep = <A>(actionsFor: (step: 1 | 2 | 3) => A) =>
  RITUAL_PHASES.map(([phase, step]) => ({
    guard: stateIn(`#subscription.ritual.${phase}`),
    target: `#subscription.ritual.${phase}`,
    reenter: true,
    actions: actionsFor(step),
  }));

/**
 * Every way into `expired` and `revoked` but the import: out of the channel, told so, and the
 * projection updated. On the transitions rather than on entry, so that an imported ended
 * membership arrives there in silence.
 */
const ended = (say: 'vip.expired' | 'vip.revoked', status: 'expired' | 'revoked') =>
  ['endMembership', removeFromVip, sayEnded(say), sync(status)] as const;
const expiredNow = ended('vip.expired', 'expired');
const revokedNow = ended('vip.revoked', 'revoked');

/**
 * A membership of the previous bot (`none` only): expired, in its ritual step, or active with
 * its expiry and reminders scheduled from the legacy dates. Only db effects: the import sends
 * nothing to Telegram.
 */
const legacyImport = [
  { guard: 'importedExpired', target: '#subscription.expired', actions: ['importLegacy', sync('expired')] },
  ...([1, 2, 3] as const).map((step) => ({
    guard: { type: 'importedInRitual', params: step } as const,
    target: `#subscription.ritual.step${step}` as const,
    actions: ['importLegacy', sync('ritual', step)] as const,
  })),
  { target: '#subscription.active', actions: 'importLegacy' },
] as const;

/**
 * A new membership after an expiry or a revocation: whoever did the ritual once gets a new link
 * straight away (the VIP role comes back with it); anyone else starts the ritual.
 */
const comeBack = {
  REDEEMED: [
    {
      guard: 'ritualDone',
      target: '#subscription.readmitting',
      actions: ['beginByCode', 'readmit', sayMoreDays('vip.renewed'), 'linkRequested', createInvite],
    },
    {
      target: '#subscription.ritual.step1',
      actions: ['beginByCode', sayRedeemed, sayStep(1), sync('ritual', 1)],
    },
  ],
  ADMIN_EXTEND: [
    {
      guard: 'ritualDone',
      target: '#subscription.readmitting',
      actions: ['beginByAdmin', 'readmit', sayMoreDays('vip.extended'), 'linkRequested', createInvite],
    },
    {
      target: '#subscription.ritual.step1',
      actions: ['beginByAdmin', sayMoreDays('vip.extended'), sayStep(1), sync('ritual', 1)],
    },
  ],
} as const;

/** A fresh link at most once per cooldown; waiting for it is a flag, so no timer is touched. */
const freshLink = [
  { guard: 'freshLinkAllowed', actions: ['stamp', 'linkRequested', createInvite] },
  { actions: ['stamp', sayFreshLinkTooSoon] },
] as const;

/**
 * One per person (`subscription:<telegram user id>`): the VIP membership from redemption
 * through the entry ritual and the active months with their reminders, to expiry or revocation
 * and back. Pure: effects are data, and every delay is computed from `context`, whose `now` is
 * the `at` of the latest event.
 */
export const subscriptionMachine = subscriptionSetup.createMachine({
  id: 'subscription',
  context: ({ input }) => ({
    userId: input.userId,
    firstName: '',
    planId: null,
    planName: null,
    startedAt: null,
    expiresAt: null,
    now: 0,
    ritualDone: false,
    reminderLeadsMs: [...DEFAULT_REMINDER_LEADS_MS],
    reminderDueAt: null,
    inviteLink: null,
    lastLinkAt: null,
    linkRequestedAt: null,
    joined: false,
    readmission: null,
  }),
  initial: 'none',
  on: {
    // In the channel without a membership: a shared or stolen link. States with one override this.
    MEMBER_JOINED: [
      { guard: 'withInviteLink', actions: ['stamp', removeFromVip, revokeInvite] },
      { actions: ['stamp', removeFromVip] },
    ],
    MEMBER_LEFT: { actions: ['stamp', 'markLeft'] },
    // A link arriving after its membership ended must not stay usable.
    INVITE_CREATED: { guard: 'inviteCreated', actions: ['stamp', revokeInvite] },
  },
  states: {
    none: {
      on: {
        REDEEMED: {
          target: '#subscription.ritual.step1',
          actions: ['beginByCode', sayRedeemed, sayStep(1), sync('ritual', 1)],
        },
        LEGACY_IMPORTED: legacyImport,
      },
    },
    ritual: {
      initial: 'step1',
      after: {
        untilExpiry: [
          { guard: 'expiryReached', target: '#subscription.expired', actions: ['stamp', ...expiredNow] },
          ...inSameRitualStep(() => 'stamp' as const),
        ],
      },
      on: {
        REDEEMED: inSameRitualStep(
          (step) => ['renewByCode', sayMoreDays('vip.renewed'), sync('ritual', step)] as const,
        ),
        ADMIN_EXTEND: inSameRitualStep(
          (step) => ['extendByAdmin', sayMoreDays('vip.extended'), sync('ritual', step)] as const,
        ),
        // The role never became VIP in the ritual, so there is none to take away.
        ADMIN_REVOKE: { target: '#subscription.revoked', actions: ['stamp', ...revokedNow] },
      },
      states: {
        step1: {
          on: {
            RESUME: { actions: ['stamp', sayStep(1)] },
            RITUAL_NEXT: {
              guard: { type: 'ritualStep', params: 1 },
              target: 'step2',
              actions: ['stamp', sayStep(2), sync('ritual', 2)],
            },
          },
        },
        step2: {
          on: {
            RESUME: { actions: ['stamp', sayStep(2)] },
            RITUAL_NEXT: {
              guard: { type: 'ritualStep', params: 2 },
              target: 'step3',
              actions: ['stamp', sayStep(3), sync('ritual', 3)],
            },
          },
        },
        step3: {
          on: {
            RESUME: { actions: ['stamp', sayStep(3)] },
            RITUAL_NEXT: {
              guard: { type: 'ritualStep', params: 3 },
              target: 'creatingLink',
              actions: ['stamp', createInvite],
            },
          },
        },
        creatingLink: {
          on: {
            INVITE_CREATED: [
              {
                guard: 'inviteCreated',
                target: '#subscription.active',
                actions: ['linkReceived', setRole('VIP', 'VIP_ENTRY_COMPLETED'), sayInviteLink],
              },
              { target: 'step3', actions: ['stamp', sayInviteFailed('ritual.step3')] },
            ],
            MEMBER_JOINED: { actions: ['stamp', 'markJoined'] },
          },
        },
      },
    },
    /** Paid again after an expiry or a revocation; waiting for the new link. */
    readmitting: {
      entry: sync('active'),
      after: {
        untilExpiry: [
          { guard: 'expiryReached', target: '#subscription.expired', actions: ['stamp', ...expiredNow] },
          { target: '#subscription.readmitting', reenter: true, actions: 'stamp' },
        ],
      },
      on: {
        INVITE_CREATED: [
          {
            guard: 'inviteCreated',
            target: '#subscription.active',
            actions: ['linkReceived', grantReadmission, sayInviteLink],
          },
          { actions: ['stamp', 'linkFailed', sayInviteFailed('vip.freshLink')] },
        ],
        FRESH_LINK_REQUESTED: freshLink,
        REDEEMED: {
          target: '#subscription.readmitting',
          reenter: true,
          actions: ['renewByCode', sayMoreDays('vip.renewed')],
        },
        ADMIN_EXTEND: {
          target: '#subscription.readmitting',
          reenter: true,
          actions: ['extendByAdmin', sayMoreDays('vip.extended')],
        },
        // The role went back to FREE when the last membership ended.
        ADMIN_REVOKE: { target: '#subscription.revoked', actions: ['stamp', ...revokedNow] },
        MEMBER_JOINED: { actions: ['stamp', 'markJoined'] },
      },
    },
    active: {
      entry: ['forgetReminder', sync('active')],
      initial: 'nextReminder',
      after: {
        untilExpiry: [
          {
            guard: 'expiryReached',
            target: '#subscription.expired',
            actions: ['stamp', setRole('FREE', 'VIP_EXPIRED'), ...expiredNow],
          },
          { target: '#subscription.active', reenter: true, actions: 'stamp' },
        ],
      },
      on: {
        // Re-entering `active` reschedules the expiry and the reminders from the new expiry.
        REDEEMED: {
          target: '#subscription.active',
          reenter: true,
          actions: ['renewByCode', sayMoreDays('vip.renewed')],
        },
        ADMIN_EXTEND: {
          target: '#subscription.active',
          reenter: true,
          actions: ['extendByAdmin', sayMoreDays('vip.extended')],
        },
        ADMIN_REVOKE: {
          target: '#subscription.revoked',
          actions: ['stamp', setRole('FREE', 'VIP_REVOKED'), ...revokedNow],
        },
        MEMBER_JOINED: { actions: ['stamp', 'markJoined'] },
        FRESH_LINK_REQUESTED: freshLink,
        INVITE_CREATED: [
          { guard: 'inviteCreated', actions: ['linkReceived', sayInviteLink] },
          { actions: ['stamp', 'linkFailed', sayInviteFailed('vip.freshLink')] },
        ],
      },
      states: {
        /** Transient: one reminder timer at a time, for the next moment still ahead. */
        nextReminder: {
          always: [
            { guard: 'reminderAhead', target: 'reminding', actions: 'planReminder' },
            { target: 'quiet' },
          ],
        },
        reminding: {
          after: { untilReminder: { target: 'nextReminder', actions: ['stamp', sayReminder] } },
        },
        quiet: {},
      },
    },
    expired: { on: comeBack },
    revoked: { on: comeBack },
  },
});

export const subscriptionDefinition: MachineDefinition = {
  name: 'subscription',
  version: 1,
  machine: subscriptionMachine,
  input: (key) => ({ userId: Number(key) }),
};
